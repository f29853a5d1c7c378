// Compiles the guest OS's contract files together (a smoke test that the signatures type-check).
import { runCall, runDeploy } from '../../../guest/bootloader/runner';
import { isPrecompile, runPrecompile } from '../../../guest/bootloader/hooks/index';
import { EvmFrame } from '../../../guest/ee/evm/evm';
import { LaunchParams, CallRequest, DeployRequest } from '../../../guest/ee/interface';
import { initBlock, blockNumber } from '../../../guest/system/system';
import { newWord } from '../../../guest/common/word';

export function main(): i32 {
  if (blockNumber() == 7) {
    initBlock();
    const f = new EvmFrame(new LaunchParams());
    f.run();
    runCall(new CallRequest());
    runDeploy(new DeployRequest());
    isPrecompile(newWord());
    runPrecompile(newWord(), new Uint8Array(0), 0);
  }
  return 0;
}
