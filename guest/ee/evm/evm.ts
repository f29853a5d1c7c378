// The EVM execution environment (Cancun): one EvmFrame per contract invocation, run until a
// preemption point (ee/interface.ts).
//
// CONTRACT (fixed): the runner creates frames with `new EvmFrame(params)` and drives them only
// through the ExecutionEnvironment methods.
import { CallResult, DeployRequest, DeployResult, ExecutionEnvironment, LaunchParams, Preemption } from '../interface';

export class EvmFrame extends ExecutionEnvironment {
  constructor(public params: LaunchParams) {
    super();
  }
  run(): Preemption {
    return unreachable();
  }
  continueAfterCall(result: CallResult): void {
    unreachable();
  }
  continueAfterDeploy(result: DeployResult): void {
    unreachable();
  }
  supportsModifier(m: i32): bool {
    return unreachable();
  }
  isStatic(): bool {
    return unreachable();
  }
  adjustCallerGas(requested: u64, available: u64): u64 {
    return unreachable();
  }
  prepareDeployment(request: DeployRequest): void {
    unreachable();
  }
}
