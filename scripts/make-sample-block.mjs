// Dev tool: compiles programs/solidity/Token.sol with npm `solc` and writes the sample blocks
// (docs/block-format.md) that `make run`, the tests and the bench use:
//   programs/solidity/Token.json  the compiler's output (source hash, version, settings, bytecode, ABI)
//   programs/blocks/sample.json   ETH transfers of all three types, the ERC-20 deployment, transfers
//   programs/blocks/transfers.json 50 ETH transfers (bench)
//   programs/blocks/erc20.json    the token already deployed in the pre-state, 50 ERC-20 transfers (bench)
// Deterministic: fixed test keys, fixed nonces and values, RFC 6979 signatures; the same output on
// every run. `--check` regenerates in memory and exits 1 naming each file that differs.
// Usage: node scripts/make-sample-block.mjs [--check]
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import solc from 'solc';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { Hardfork, Mainnet, createCustomCommon } from '@ethereumjs/common';
import { createLegacyTx, createAccessList2930Tx, createFeeMarket1559Tx } from '@ethereumjs/tx';
import { createContractAddress, createAddressFromPrivateKey, createAddressFromString } from '@ethereumjs/util';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SOLC_VERSION = '0.8.28';
const SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: 'cancun',
  outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
};

const hex = (b) => '0x' + bytesToHex(b);
const qty = (n) => '0x' + BigInt(n).toString(16);
const word = (n) => BigInt(n).toString(16).padStart(64, '0');
const ETH = 10n ** 18n;
const GWEI = 10n ** 9n;

// ---- the compiler -------------------------------------------------------------------------------

function compileToken() {
  if (!solc.version().startsWith(SOLC_VERSION + '+')) throw new Error(`make-sample-block: need solc ${SOLC_VERSION}, npm solc is ${solc.version()}`);
  const source = readFileSync(join(ROOT, 'programs/solidity/Token.sol'), 'utf8');
  const input = { language: 'Solidity', sources: { 'Token.sol': { content: source } }, settings: SETTINGS };
  const output = JSON.parse(solc.compile(JSON.stringify(input)));
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length) throw new Error(`make-sample-block: Token.sol does not compile:\n${errors.map((e) => e.formattedMessage).join('\n')}`);
  const c = output.contracts['Token.sol'].Token;
  return {
    contract: 'Token',
    source: 'programs/solidity/Token.sol',
    sourceKeccak256: hex(keccak_256(utf8ToBytes(source))),
    compiler: `solc ${solc.version()}`,
    settings: { optimizer: SETTINGS.optimizer, evmVersion: SETTINGS.evmVersion },
    storageLayout: { totalSupply: 0, balanceOf: 1, allowance: 2 },
    creationBytecode: '0x' + c.evm.bytecode.object,
    runtimeBytecode: '0x' + c.evm.deployedBytecode.object,
    abi: c.abi,
  };
}

// ---- keys, accounts and transactions ------------------------------------------------------------

/** Test key i: keccak256("zkos-ts test key <i>"). Public knowledge: never hold value with these. */
export function testKey(i) {
  return keccak_256(utf8ToBytes(`zkos-ts test key ${i}`));
}
const addressOf = (key) => createAddressFromPrivateKey(key);

const CHAIN_ID = 1n;
const common = createCustomCommon({ chainId: Number(CHAIN_ID) }, Mainnet, { hardfork: Hardfork.Cancun });

function context(number) {
  return {
    number: qty(number),
    timestamp: qty(1_700_000_000 + number * 12),
    coinbase: '0x' + 'c0ffee'.padEnd(40, '0'),
    gasLimit: qty(30_000_000),
    baseFee: qty(GWEI),
    chainId: qty(CHAIN_ID),
    prevrandao: hex(keccak_256(utf8ToBytes(`zkos-ts prevrandao ${number}`))),
    blobBaseFee: qty(1),
    parentHash: hex(keccak_256(utf8ToBytes(`zkos-ts parent ${number}`))),
  };
}

/** Signs a transaction of `type` (0 legacy EIP-155, 1 EIP-2930, 2 EIP-1559) and returns raw hex. */
function sign(type, key, fields) {
  const base = { chainId: CHAIN_ID, gasLimit: 21_000n, value: 0n, data: '0x', ...fields };
  let tx;
  if (type === 0) tx = createLegacyTx({ gasPrice: 2n * GWEI, ...base }, { common });
  else if (type === 1) tx = createAccessList2930Tx({ gasPrice: 2n * GWEI, accessList: [], ...base }, { common });
  else tx = createFeeMarket1559Tx({ maxFeePerGas: 3n * GWEI, maxPriorityFeePerGas: GWEI, accessList: [], ...base }, { common });
  return hex(tx.sign(key).serialize());
}

/** A fresh recipient address that no key controls: keccak256("zkos-ts recipient <tag>")[12..]. */
const recipient = (tag) => hex(keccak_256(utf8ToBytes(`zkos-ts recipient ${tag}`)).slice(12));

// ABI encoding of the three calls the blocks make.
const selector = (sig) => bytesToHex(keccak_256(utf8ToBytes(sig)).slice(0, 4));
const addrWord = (a) => a.toString().slice(2).toLowerCase().padStart(64, '0');
const transferData = (to, v) => '0x' + selector('transfer(address,uint256)') + addrWord(to) + word(v);
const approveData = (sp, v) => '0x' + selector('approve(address,uint256)') + addrWord(sp) + word(v);
const transferFromData = (f, t, v) => '0x' + selector('transferFrom(address,address,uint256)') + addrWord(f) + addrWord(t) + word(v);

/** Storage slot of balanceOf[owner] (Token.sol's slot 1). */
export function balanceSlot(owner) {
  return hex(keccak_256(hexToBytes(addrWord(owner) + word(1))));
}

const account = (balance, nonce = 0, code = '0x', storage = {}) => ({ balance: qty(balance), nonce: qty(nonce), code, storage });

// ---- the blocks ---------------------------------------------------------------------------------

const SUPPLY = 1_000_000n * ETH;

function sampleBlock(token) {
  const [alice, bob, carol, dave] = [0, 1, 2, 3].map(testKey);
  const [A, B, C, D] = [alice, bob, carol, dave].map(addressOf);
  const tokenAddr = createContractAddress(A, 1n); // alice's second transaction deploys it
  const ctorArg = word(SUPPLY);
  const txs = [
    sign(0, alice, { nonce: 0n, to: D, value: 1n * ETH }),                                  // ETH, legacy EIP-155
    sign(1, bob, { nonce: 0n, to: C, value: ETH / 2n, gasLimit: 25_000n,                    // ETH, EIP-2930
      accessList: [{ address: A.toString(), storageKeys: [] }] }),
    sign(2, carol, { nonce: 0n, to: A, value: ETH / 4n }),                                   // ETH, EIP-1559
    sign(2, alice, { nonce: 1n, data: token.creationBytecode + ctorArg, gasLimit: 1_000_000n }), // deploy Token
    sign(2, alice, { nonce: 2n, to: tokenAddr, data: transferData(B, 1000n * ETH), gasLimit: 80_000n }),
    sign(0, alice, { nonce: 3n, to: tokenAddr, data: transferData(C, 500n * ETH), gasLimit: 80_000n }),
    sign(1, bob, { nonce: 1n, to: tokenAddr, data: transferData(C, 100n * ETH), gasLimit: 80_000n,
      accessList: [{ address: tokenAddr.toString(), storageKeys: [balanceSlot(B), balanceSlot(C)] }] }),
    sign(2, bob, { nonce: 2n, to: tokenAddr, data: approveData(D, 300n * ETH), gasLimit: 80_000n }),
    sign(2, dave, { nonce: 0n, to: tokenAddr, data: transferFromData(B, A, 200n * ETH), gasLimit: 100_000n }),
    sign(2, carol, { nonce: 1n, to: tokenAddr, data: transferData(B, 10n ** 30n), gasLimit: 80_000n }), // reverts: balance too low
    sign(2, dave, { nonce: 1n, to: recipient('sample'), value: ETH / 10n }),                // ETH to a fresh account
  ];
  return {
    context: context(1),
    transactions: txs,
    pre: {
      [A.toString()]: account(100n * ETH),
      [B.toString()]: account(100n * ETH),
      [C.toString()]: account(100n * ETH),
    },
  };
}

const SENDERS = 10;
const PER_SENDER = 5;

function transfersBlock() {
  const keys = Array.from({ length: SENDERS }, (_, i) => testKey(100 + i));
  const pre = {};
  for (const k of keys) pre[addressOf(k).toString()] = account(10n * ETH);
  const txs = [];
  for (let n = 0; n < PER_SENDER; n++) {
    keys.forEach((k, i) => {
      txs.push(sign(2, k, { nonce: BigInt(n), to: createAddressFromString(recipient(`eth ${i} ${n}`)), value: ETH / 100n + BigInt(i * PER_SENDER + n) }));
    });
  }
  return { context: context(2), transactions: txs, pre };
}

/** The token already deployed at a fixed address with every sender holding 1,000 tokens. */
function erc20Block(token) {
  const keys = Array.from({ length: SENDERS }, (_, i) => testKey(200 + i));
  const tokenAddr = '0x' + '70ce'.padEnd(40, '0');
  const holders = keys.map(addressOf);
  const storage = { [qty(0)]: qty(1000n * ETH * BigInt(SENDERS)) };
  for (const h of holders) storage[balanceSlot(h)] = qty(1000n * ETH);
  const pre = { [tokenAddr]: account(0n, 1, token.runtimeBytecode, storage) };
  for (const h of holders) pre[h.toString()] = account(10n * ETH);
  const txs = [];
  for (let n = 0; n < PER_SENDER; n++) {
    keys.forEach((k, i) => {
      const to = createAddressFromString(recipient(`erc20 ${i} ${n}`));
      txs.push(sign(2, k, { nonce: BigInt(n), to: createAddressFromString(tokenAddr), data: transferData(to, ETH + BigInt(i * PER_SENDER + n)), gasLimit: 80_000n }));
    });
  }
  return { context: context(3), transactions: txs, pre };
}

// ---- output -------------------------------------------------------------------------------------

const token = compileToken();
const files = {
  'programs/solidity/Token.json': token,
  'programs/blocks/sample.json': sampleBlock(token),
  'programs/blocks/transfers.json': transfersBlock(),
  'programs/blocks/erc20.json': erc20Block(token),
};
const check = process.argv.includes('--check');
let stale = 0;
for (const [path, value] of Object.entries(files)) {
  const text = JSON.stringify(value, null, 2) + '\n';
  const full = join(ROOT, path);
  if (check) {
    let old = '';
    try { old = readFileSync(full, 'utf8'); } catch { /* missing counts as stale */ }
    if (old !== text) { console.error(`make-sample-block: ${path} is stale (run node scripts/make-sample-block.mjs)`); stale++; }
  } else {
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
    console.log(`wrote ${path} (${text.length} bytes)`);
  }
}
if (check) {
  if (stale) process.exit(1);
  console.log('make-sample-block: all files up to date');
}
