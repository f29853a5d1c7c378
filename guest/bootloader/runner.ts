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
import {
  CallRequest,
  CallResult,
  DeployRequest,
  DeployResult,
  ExecutionEnvironment,
  LaunchParams,
  MAX_CALL_DEPTH,
  MODIFIER_CALL,
  MODIFIER_CALLCODE,
  MODIFIER_CONSTRUCTOR,
  MODIFIER_STATICCALL,
  PREEMPT_CALL,
  PREEMPT_CALL_COMPLETED,
  PREEMPT_DEPLOY,
  Preemption,
} from '../ee/interface';
import { EvmFrame } from '../ee/evm/evm';
import { beginEvmTransaction } from '../ee/evm/reset';
import * as sys from '../system/system';
import * as u256 from '../common/u256';
import { newWord } from '../common/word';
import { isPrecompile, runPrecompile } from './hooks/index';

const BAL: usize = memory.data(32, 16);
const NONCE_MAX: u64 = u64.MAX_VALUE;

/** One entry of the call stack: the frame and, for a constructor, the address it deploys to. */
class StackEntry {
  constructor(
    public frame: ExecutionEnvironment,
    public deployAddress: usize,
  ) {}
}

function failedCall(gasLeft: u64): CallResult {
  const r = new CallResult();
  r.success = false;
  r.gasLeft = gasLeft;
  return r;
}

function failedDeploy(gasLeft: u64): DeployResult {
  const r = new DeployResult();
  r.success = false;
  r.gasLeft = gasLeft;
  return r;
}

function hasBalance(addr: usize, value: usize): bool {
  if (value == 0 || u256.isZero(value)) return true;
  sys.getBalance(addr, BAL);
  return !u256.lt(BAL, value);
}

/**
 * Starts a call at `depth` (the new frame's depth): either finishes it at once (a result: depth or
 * balance failure, precompile, code-less account) or pushes a new frame (null).
 */
function beginCall(stack: StackEntry[], req: CallRequest, depth: i32): CallResult | null {
  if (depth > MAX_CALL_DEPTH) return failedCall(req.gas);
  const moves = req.modifier == MODIFIER_CALL || req.modifier == MODIFIER_CALLCODE;
  if (moves && !hasBalance(req.caller, req.value)) return failedCall(req.gas);
  const precompile = isPrecompile(req.codeAddress);
  // EIP-158: a CALL without value to an account that does not exist does nothing (no touch, no frame)
  if (req.modifier == MODIFIER_CALL && !precompile && (req.value == 0 || u256.isZero(req.value)) && !sys.accountExists(req.callee)) {
    const r = new CallResult();
    r.success = true;
    r.gasLeft = req.gas;
    return r;
  }
  sys.startFrame();
  if (req.modifier == MODIFIER_CALL) {
    // a nested CALL always transfers (touching both accounts, even for 0); the top-level call only when asked
    if (req.transfersValue || depth > 0) sys.transfer(req.caller, req.callee, valueOrZero(req.value));
  } else if (req.modifier == MODIFIER_CALLCODE) {
    if (req.transfersValue) sys.transfer(req.caller, req.callee, valueOrZero(req.value));
  } else if (req.modifier == MODIFIER_STATICCALL) {
    sys.touch(req.callee);
  }
  if (precompile) {
    const r = runPrecompile(req.codeAddress, req.calldata, req.gas);
    sys.finishFrame(!r.success);
    return r;
  }
  const code = sys.getCode(req.codeAddress);
  if (code.length == 0) {
    const r = new CallResult();
    r.success = true;
    r.gasLeft = req.gas;
    sys.finishFrame(false);
    return r;
  }
  const p = new LaunchParams();
  p.modifier = req.modifier;
  p.depth = depth;
  p.gas = req.gas;
  p.bytecode = code;
  p.caller = req.caller;
  p.callee = req.callee;
  p.codeAddress = req.codeAddress;
  p.value = req.value;
  p.calldata = req.calldata;
  p.isStatic = req.isStatic || req.modifier == MODIFIER_STATICCALL;
  stack.push(new StackEntry(new EvmFrame(p), 0));
  return null;
}

/** The value word, or a fresh zero word when the request carries none. */
function valueOrZero(value: usize): usize {
  return value != 0 ? value : newWord();
}

/** Pushes the constructor frame for a prepared deployment (address set, nonce bumped, warm, no collision). */
function pushConstructor(stack: StackEntry[], req: DeployRequest, depth: i32): void {
  sys.startFrame();
  sys.markCreated(req.address);
  sys.setNonce(req.address, 1);
  sys.transfer(req.deployer, req.address, valueOrZero(req.value));
  const p = new LaunchParams();
  p.modifier = MODIFIER_CONSTRUCTOR;
  p.depth = depth;
  p.gas = req.gas;
  p.bytecode = req.initCode;
  p.caller = req.deployer;
  p.callee = req.address;
  p.codeAddress = req.address;
  p.value = req.value;
  p.isStatic = false;
  stack.push(new StackEntry(new EvmFrame(p), req.address));
}

/** A nested deployment at `depth` (the constructor's depth): a result when it fails before starting, else null. */
function beginDeploy(stack: StackEntry[], deployer: ExecutionEnvironment, req: DeployRequest, depth: i32): DeployResult | null {
  if (depth > MAX_CALL_DEPTH) return failedDeploy(req.gas);
  if (!hasBalance(req.deployer, req.value)) return failedDeploy(req.gas);
  const nonce = sys.getNonce(req.deployer);
  if (nonce == NONCE_MAX) return failedDeploy(req.gas);
  deployer.prepareDeployment(req);
  sys.setNonce(req.deployer, nonce + 1);
  sys.warmAccount(req.address);
  if (sys.hasCollision(req.address)) return failedDeploy(0);
  pushConstructor(stack, req, depth);
  return null;
}

/** The final result of the initial request, in either shape. */
class Outcome {
  call: CallResult | null = null;
  deploy: DeployResult | null = null;
}

/** run_till_completion: drives the stack until the initial frame completes. */
function runTillCompletion(stack: StackEntry[]): Outcome {
  const out = new Outcome();
  while (true) {
    const entry = stack[stack.length - 1];
    const frame = entry.frame;
    const depth = stack.length - 1;
    const p: Preemption = frame.run();
    if (p.kind == PREEMPT_CALL) {
      const r = beginCall(stack, p.call!, depth + 1);
      if (r != null) frame.continueAfterCall(r);
      continue;
    }
    if (p.kind == PREEMPT_DEPLOY) {
      const r = beginDeploy(stack, frame, p.deploy!, depth + 1);
      if (r != null) frame.continueAfterDeploy(r);
      continue;
    }
    if (p.kind == PREEMPT_CALL_COMPLETED) {
      sys.finishFrame(!p.success);
      stack.pop();
      const r = new CallResult();
      r.success = p.success;
      r.returnData = p.returnData;
      r.gasLeft = p.gasLeft;
      if (stack.length == 0) {
        out.call = r;
        return out;
      }
      stack[stack.length - 1].frame.continueAfterCall(r);
      continue;
    }
    // PREEMPT_DEPLOY_COMPLETED
    if (p.success) sys.setCode(entry.deployAddress, p.deployedCode != null ? p.deployedCode! : new Uint8Array(0));
    sys.finishFrame(!p.success);
    stack.pop();
    const r = new DeployResult();
    r.success = p.success;
    r.address = p.success ? entry.deployAddress : 0;
    r.returnData = p.success ? new Uint8Array(0) : p.returnData;
    r.gasLeft = p.gasLeft;
    if (stack.length == 0) {
      out.deploy = r;
      return out;
    }
    stack[stack.length - 1].frame.continueAfterDeploy(r);
  }
  return unreachable();
}

export function runCall(request: CallRequest): CallResult {
  beginEvmTransaction();
  const stack: StackEntry[] = [];
  const r = beginCall(stack, request, 0);
  if (r != null) return r;
  return runTillCompletion(stack).call!;
}

export function runDeploy(request: DeployRequest): DeployResult {
  beginEvmTransaction();
  sys.warmAccount(request.address);
  if (sys.hasCollision(request.address)) return failedDeploy(0);
  const stack: StackEntry[] = [];
  pushConstructor(stack, request, 0);
  return runTillCompletion(stack).deploy!;
}
