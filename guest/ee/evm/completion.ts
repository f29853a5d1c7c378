// How an EVM frame ends: the PREEMPT_CALL_COMPLETED / PREEMPT_DEPLOY_COMPLETED preemption for
// RETURN, REVERT, STOP and exceptional halts. A constructor's successful RETURN goes through the
// deployment rules (deploy.ts: EIP-170, EIP-3541, code deposit); breaking one fails the deployment
// with all gas consumed.
import { MODIFIER_CONSTRUCTOR, PREEMPT_CALL_COMPLETED, PREEMPT_DEPLOY_COMPLETED, Preemption } from '../interface';
import { EvmFrame } from './evm';
import { codeDepositCost } from './deploy';

/** Normal completion: RETURN/STOP (success) or REVERT (failure, gas kept). */
export function complete(f: EvmFrame, success: bool, data: Uint8Array): Preemption {
  const p = new Preemption();
  p.success = success;
  if (f.params.modifier == MODIFIER_CONSTRUCTOR) {
    p.kind = PREEMPT_DEPLOY_COMPLETED;
    if (success) {
      const cost = codeDepositCost(data);
      if (cost > f.gas) {
        p.success = false;
        f.gas = 0;
      } else {
        f.gas -= cost;
        p.deployedCode = data;
      }
    } else {
      p.returnData = data;
    }
  } else {
    p.kind = PREEMPT_CALL_COMPLETED;
    p.returnData = data;
  }
  p.gasLeft = f.gas;
  return p;
}

/** Exceptional halt: failure, all gas consumed, no return data. */
export function halt(f: EvmFrame): Preemption {
  f.gas = 0;
  const p = new Preemption();
  p.kind = f.params.modifier == MODIFIER_CONSTRUCTOR ? PREEMPT_DEPLOY_COMPLETED : PREEMPT_CALL_COMPLETED;
  p.success = false;
  p.gasLeft = 0;
  return p;
}
