// The runner (docs/guest-os.md "The runner"): run_till_completion over an explicit call stack of EE
// frames, looping on the preemption points the top frame returns; no recursion. run_single_interaction
// wraps it for the bootloader.
//
// CONTRACT (fixed signatures):
// - runCall: the transaction's top-level call. The bootloader has validated and charged the
//   transaction, bumped the sender's nonce and warmed the access list; the runner starts the top
//   frame, moves the value when request.transfersValue, runs and finishes the frame (reverting on
//   failure).
// - runDeploy: a creating transaction. request.address is set and the sender's nonce bumped by the
//   bootloader; the runner checks for a collision (failure with gasLeft 0), then runs deployment
//   steps 5-7 of docs/guest-os.md and the deployment-completed steps.
import { CallRequest, CallResult, DeployRequest, DeployResult } from '../ee/interface';

export function runCall(request: CallRequest): CallResult {
  return unreachable();
}

export function runDeploy(request: DeployRequest): DeployResult {
  return unreachable();
}
