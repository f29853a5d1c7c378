// The EVM execution environment (Cancun): one EvmFrame per contract invocation, run until a
// preemption point (ee/interface.ts).
//
// CONTRACT (fixed): the runner creates frames with `new EvmFrame(params)` and drives them only
// through the ExecutionEnvironment methods.
//
// The frame holds the interpreter state (pc, gas, stack, memory, return data); the loop is in
// interpreter.ts, dynamic gas in gas.ts, the opcode table in opcodes.ts, CREATE address derivation
// and the code-deposit rules in deploy.ts.
import {
  CallResult,
  DeployRequest,
  DeployResult,
  ExecutionEnvironment,
  LaunchParams,
  MODIFIER_CALL,
  MODIFIER_CONSTRUCTOR,
  MODIFIER_STATICCALL,
  Preemption,
} from '../interface';
import { jumpdestsFor } from './jumpdest';
import { EvmMemory } from './memory';
import { allocStack, releaseStack, suspendStack } from './stack';
import { interpret } from './interpreter';
import { callGas } from './gas';
import { deriveAddress } from './deploy';
import { setU64, setZero } from '../../common/u256';

export class EvmFrame extends ExecutionEnvironment {
  /** code being run */
  code: Uint8Array;
  codePtr: usize;
  codeLen: usize;
  jumpdests: Uint8Array;
  pc: usize = 0;
  gas: u64;
  /** stack base (slot 0) and item count */
  stack: usize;
  sp: u32 = 0;
  mem: EvmMemory = new EvmMemory();
  /** the last sub-call's or deployment's return data (RETURNDATASIZE/COPY) */
  returnData: Uint8Array = new Uint8Array(0);
  /** where the pending sub-call's return data goes */
  retOffset: u64 = 0;
  retSize: u64 = 0;
  /** the frame has finished (a completion was returned) */
  done: bool = false;

  constructor(public params: LaunchParams) {
    super();
    const code = params.bytecode;
    this.code = code;
    this.codePtr = code.dataStart;
    this.codeLen = <usize>code.length;
    this.jumpdests = jumpdestsFor(code.dataStart, <usize>code.length);
    this.gas = params.gas;
    this.stack = allocStack();
  }

  run(): Preemption {
    const p = interpret(this);
    if (p.kind == 0 || p.kind == 1) suspendStack(this.stack, this.sp);
    else {
      this.done = true;
      releaseStack(this.stack);
      this.mem.release();
    }
    return p;
  }

  continueAfterCall(result: CallResult): void {
    this.gas += result.gasLeft;
    this.returnData = result.returnData;
    const len = <u64>result.returnData.length;
    const n = len < this.retSize ? len : this.retSize;
    if (n > 0) memory.copy(this.mem.ptr + <usize>this.retOffset, result.returnData.dataStart, <usize>n);
    const slot = this.stack + (<usize>this.sp << 5);
    setU64(slot, result.success ? 1 : 0);
    this.sp++;
  }

  continueAfterDeploy(result: DeployResult): void {
    this.gas += result.gasLeft;
    this.returnData = result.returnData;
    const slot = this.stack + (<usize>this.sp << 5);
    if (result.success && result.address != 0) memory.copy(slot, result.address, 32);
    else setZero(slot);
    this.sp++;
  }

  supportsModifier(m: i32): bool {
    return m >= MODIFIER_CALL && m <= MODIFIER_CONSTRUCTOR;
  }

  isStatic(): bool {
    return this.params.isStatic || this.params.modifier == MODIFIER_STATICCALL;
  }

  adjustCallerGas(requested: u64, available: u64): u64 {
    return callGas(requested, available);
  }

  prepareDeployment(request: DeployRequest): void {
    request.address = deriveAddress(request);
  }
}
