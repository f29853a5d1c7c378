// The state the block runs against: an interface the query handlers read (accounts, storage, code by
// hash) and the block's state diff is applied to, with an in-memory implementation loaded from a
// block file's pre-state. Addresses are lowercase 0x-prefixed hex; quantities are bigints.
import { keccak_256 } from '@noble/hashes/sha3.js';

/** keccak256 of empty code: the code hash of an account without code. */
export const EMPTY_CODE_HASH = keccak_256(new Uint8Array(0));

export interface Account {
  readonly nonce: bigint;
  readonly balance: bigint;
  readonly codeHash: Uint8Array;
  readonly code: Uint8Array;
  /** the account's non-zero storage slots */
  readonly storage: ReadonlyMap<bigint, bigint>;
}

/** The pre-state shape of a block file: what an account holds. */
export interface AccountInit {
  readonly nonce: bigint;
  readonly balance: bigint;
  readonly code: Uint8Array;
  readonly storage: ReadonlyMap<bigint, bigint>;
}

/** An account the block changed (report_account). */
export interface AccountChange {
  readonly address: string;
  /** the account no longer exists (destroyed, or empty and touched: EIP-161) */
  readonly deleted: boolean;
  /** every slot held for the account is dropped before the block's storage changes apply */
  readonly storageReset: boolean;
  readonly nonce: bigint;
  readonly balance: bigint;
  readonly codeHash: Uint8Array;
}

/** A slot the block changed (report_storage); value 0 deletes it. */
export interface StorageChange {
  readonly address: string;
  readonly key: bigint;
  readonly value: bigint;
}

/** Code deployed in the block (report_code). */
export interface CodeEntry {
  readonly hash: Uint8Array;
  readonly code: Uint8Array;
}

export interface StateDiff {
  readonly accounts: readonly AccountChange[];
  readonly storage: readonly StorageChange[];
  readonly code: readonly CodeEntry[];
}

export interface StateStore {
  account(address: string): Account | undefined;
  /** a slot's value (0 when unset or the account does not exist) */
  storage(address: string, key: bigint): bigint;
  codeByHash(hash: Uint8Array): Uint8Array | undefined;
  /** applies a block's diff: code first, then accounts (deletions, storage resets), then slots */
  apply(diff: StateDiff): void;
  /** every account, in no particular order */
  entries(): Iterable<[string, Account]>;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** "0x" + 40 lowercase hex digits, or throws. */
export function normalizeAddress(address: string): string {
  const a = address.toLowerCase();
  if (!/^0x[0-9a-f]{40}$/.test(a)) throw new Error(`not an address: ${address}`);
  return a;
}

interface MutableAccount {
  nonce: bigint;
  balance: bigint;
  codeHash: Uint8Array;
  storage: Map<bigint, bigint>;
}

/** The in-memory StateStore. */
export class MemoryStateStore implements StateStore {
  private readonly accounts = new Map<string, MutableAccount>();
  private readonly codes = new Map<string, Uint8Array>([[hex(EMPTY_CODE_HASH), new Uint8Array(0)]]);

  /** A store holding `pre` (address → account). */
  static fromPre(pre: ReadonlyMap<string, AccountInit> | Iterable<[string, AccountInit]>): MemoryStateStore {
    const store = new MemoryStateStore();
    for (const [address, init] of pre) {
      const codeHash = keccak_256(init.code);
      store.codes.set(hex(codeHash), init.code);
      const storage = new Map<bigint, bigint>();
      for (const [k, v] of init.storage) if (v !== 0n) storage.set(k, v);
      store.accounts.set(normalizeAddress(address), { nonce: init.nonce, balance: init.balance, codeHash, storage });
    }
    return store;
  }

  /** An independent copy (apply() on it leaves this one as it is). */
  clone(): MemoryStateStore {
    const copy = new MemoryStateStore();
    for (const [k, v] of this.codes) copy.codes.set(k, v);
    for (const [a, acc] of this.accounts) copy.accounts.set(a, { ...acc, storage: new Map(acc.storage) });
    return copy;
  }

  account(address: string): Account | undefined {
    const a = this.accounts.get(address);
    if (!a) return undefined;
    return { nonce: a.nonce, balance: a.balance, codeHash: a.codeHash, code: this.codes.get(hex(a.codeHash)) ?? new Uint8Array(0), storage: a.storage };
  }

  storage(address: string, key: bigint): bigint {
    return this.accounts.get(address)?.storage.get(key) ?? 0n;
  }

  codeByHash(hash: Uint8Array): Uint8Array | undefined {
    return this.codes.get(hex(hash));
  }

  apply(diff: StateDiff): void {
    for (const c of diff.code) this.codes.set(hex(c.hash), c.code);
    for (const change of diff.accounts) {
      if (change.deleted) {
        this.accounts.delete(change.address);
        continue;
      }
      const existing = this.accounts.get(change.address);
      const storage = existing && !change.storageReset ? existing.storage : new Map<bigint, bigint>();
      this.accounts.set(change.address, { nonce: change.nonce, balance: change.balance, codeHash: change.codeHash, storage });
    }
    for (const s of diff.storage) {
      let account = this.accounts.get(s.address);
      if (!account) {
        if (s.value === 0n) continue;
        account = { nonce: 0n, balance: 0n, codeHash: EMPTY_CODE_HASH, storage: new Map() };
        this.accounts.set(s.address, account);
      }
      if (s.value === 0n) account.storage.delete(s.key);
      else account.storage.set(s.key, s.value);
    }
  }

  *entries(): Iterable<[string, Account]> {
    for (const address of this.accounts.keys()) yield [address, this.account(address)!];
  }
}
