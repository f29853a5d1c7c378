// The execution-environment contract (docs/guest-os.md, after ../shared/seeds): an EE frame is made
// from launch parameters and runs until a preemption point (call, deploy, call completed, deploy
// completed); the runner (bootloader/runner.ts) handles the point and continues the frame. No EE
// ever calls into another frame. The EVM (ee/evm/) implements it; WASM and RISC-V EEs come later.
//
// Values: every address, 256-bit value, key and hash is a `usize` pointer to a 32-byte word (8
// little-endian u32 limbs; common/word.ts, common/u256.ts). Words and buffers live on the heap until
// the end of the transaction.

/** How a frame was entered (the call modifier). */
export const MODIFIER_CALL: i32 = 0;
export const MODIFIER_DELEGATECALL: i32 = 1;
export const MODIFIER_STATICCALL: i32 = 2;
export const MODIFIER_CALLCODE: i32 = 3;
export const MODIFIER_CONSTRUCTOR: i32 = 4;

/** Call depth limit (the EVM's 1024): a request made at this depth fails without a new frame. */
export const MAX_CALL_DEPTH: i32 = 1024;

/** Everything a new frame starts from. */
export class LaunchParams {
  /** MODIFIER_* this frame was entered with */
  modifier: i32 = MODIFIER_CALL;
  /** 0 for the transaction's top frame */
  depth: i32 = 0;
  /** gas available to the frame (stipend included) */
  gas: u64 = 0;
  /** the code to run: the code at codeAddress, or the init code of a deployment */
  bytecode: Uint8Array = new Uint8Array(0);
  /** msg.sender */
  caller: usize = 0;
  /** the account whose storage and balance the frame acts on (ADDRESS) */
  callee: usize = 0;
  /** whose code runs: = callee except for DELEGATECALL and CALLCODE */
  codeAddress: usize = 0;
  /** CALLVALUE (for DELEGATECALL: the parent's value; nothing is transferred) */
  value: usize = 0;
  /** CALLDATA (empty for a constructor) */
  calldata: Uint8Array = new Uint8Array(0);
  /** static context: no state changes allowed (STATICCALL or inside one) */
  isStatic: bool = false;
}

/** A frame asks for a call; it is suspended until continueAfterCall. */
export class CallRequest {
  modifier: i32 = MODIFIER_CALL;
  caller: usize = 0;
  callee: usize = 0;
  codeAddress: usize = 0;
  value: usize = 0;
  /** true when the runner must move `value` from caller to callee (CALL/CALLCODE with value > 0; the top-level call) */
  transfersValue: bool = false;
  calldata: Uint8Array = new Uint8Array(0);
  /** gas the callee gets (stipend included); the caller has already deducted what it passes */
  gas: u64 = 0;
  isStatic: bool = false;
}

/** A frame asks to deploy a contract (CREATE/CREATE2); it is suspended until continueAfterDeploy. */
export class DeployRequest {
  deployer: usize = 0;
  value: usize = 0;
  initCode: Uint8Array = new Uint8Array(0);
  /** gas the constructor gets; the deployer has already deducted it */
  gas: u64 = 0;
  isCreate2: bool = false;
  /** CREATE2 salt (a word), 0 for CREATE */
  salt: usize = 0;
  /** the new contract's address: set by the EE's prepareDeployment (or by the bootloader for a creating transaction) */
  address: usize = 0;
}

/** What a call came to, for the caller. Gas refunds travel in the system's journal, not here. */
export class CallResult {
  success: bool = false;
  returnData: Uint8Array = new Uint8Array(0);
  /** unspent gas handed back to the caller */
  gasLeft: u64 = 0;
}

/** What a deployment came to, for the deployer. */
export class DeployResult {
  success: bool = false;
  /** the new contract's address on success, else 0 */
  address: usize = 0;
  /** the constructor's revert data (empty on success: RETURNDATA after CREATE is empty) */
  returnData: Uint8Array = new Uint8Array(0);
  gasLeft: u64 = 0;
}

export const PREEMPT_CALL: i32 = 0;
export const PREEMPT_DEPLOY: i32 = 1;
export const PREEMPT_CALL_COMPLETED: i32 = 2;
export const PREEMPT_DEPLOY_COMPLETED: i32 = 3;

/** Where a frame stopped, for the runner. */
export class Preemption {
  kind: i32 = PREEMPT_CALL_COMPLETED;
  /** PREEMPT_CALL */
  call: CallRequest | null = null;
  /** PREEMPT_DEPLOY */
  deploy: DeployRequest | null = null;
  /** PREEMPT_*_COMPLETED: success (false on revert and on exceptional halt) */
  success: bool = false;
  /** PREEMPT_*_COMPLETED: return data (revert data on failure; on exceptional halt empty) */
  returnData: Uint8Array = new Uint8Array(0);
  /** PREEMPT_*_COMPLETED: unspent gas (0 after an exceptional halt) */
  gasLeft: u64 = 0;
  /**
   * PREEMPT_DEPLOY_COMPLETED with success: the code to store at the new address. The EE has already
   * applied its deployment rules (EVM: EIP-170 size limit, EIP-3541 0xEF prefix, code deposit gas);
   * breaking one makes the deployment fail (success = false, gasLeft = 0).
   */
  deployedCode: Uint8Array | null = null;
}

/** An execution environment frame: one running contract invocation. */
export abstract class ExecutionEnvironment {
  /** Runs from the start, or from where continueAfter* left it, to the next preemption point. */
  abstract run(): Preemption;
  /** The sub-call asked for by the last PREEMPT_CALL finished: take gas back, push the status, keep the return data. */
  abstract continueAfterCall(result: CallResult): void;
  /** The deployment asked for by the last PREEMPT_DEPLOY finished. */
  abstract continueAfterDeploy(result: DeployResult): void;
  /** Whether this EE can be entered with modifier `m`. */
  abstract supportsModifier(m: i32): bool;
  /** Whether the frame runs in a static context. */
  abstract isStatic(): bool;
  /** The gas a sub-call or deployment gets when `requested` is asked and `available` is left (EVM: EIP-150's all but one 64th). */
  abstract adjustCallerGas(requested: u64, available: u64): u64;
  /**
   * The deployment step that belongs to the EE (runner step "prepare"): derives and sets
   * `request.address` (EVM: CREATE from the deployer's nonce *before* the runner bumps it,
   * CREATE2 from salt and init-code hash). Init-code checks (EIP-3860) were done before the request.
   */
  abstract prepareDeployment(request: DeployRequest): void;
}
