// The BLAKE2s compression function F (RFC 7693 §3.2): chaining value h (8 words) updated in place
// from a 16-word message block, the 64-bit byte counter t and the final-block flag. The arithmetic
// lives in emulator/accel/blake2s.ts, shared with Airbender's round delegation.
export { BLAKE2S_ROUNDS, blake2sCompress } from '../../emulator/accel/blake2s';
