// The runtime IR linked into every translated module: the trap routine (ecall ZK_ECALL.TRAP) and
// the libcalls llc emits on rv32im (memcpy, memmove, memset, 64-bit division and remainder).
import { ZK_ECALL } from '../abi';

/** Runtime functions are plain loops: "no-builtins" stops LLVM turning them back into libcalls. */
export const RUNTIME_ATTRIBUTES = '#1';
const ATTRIBUTE_GROUPS = [
  'attributes #1 = { nounwind null_pointer_is_valid "no-builtins" }',
  'attributes #2 = { noreturn nounwind cold null_pointer_is_valid }',
];

const TRAP = `
; __zkos_trap(code): ends the run with a WebAssembly trap (WASM_TRAP code in a0).
define void @__zkos_trap(i32 %code) #2 {
entry:
  call void asm sideeffect "ecall", "{x10},{x17},~{memory}"(i32 %code, i32 ${ZK_ECALL.TRAP})
  unreachable
}`;

/** Copies words while both pointers are 4-aligned, then the remaining bytes; forward. */
const MEMCPY = `
define i8* @memcpy(i8* %dest, i8* %src, i32 %n) #1 {
entry:
  %d = ptrtoint i8* %dest to i32
  %s = ptrtoint i8* %src to i32
  %either = or i32 %d, %s
  %low = and i32 %either, 3
  %aligned = icmp eq i32 %low, 0
  %words = lshr i32 %n, 2
  %wordCount = select i1 %aligned, i32 %words, i32 0
  br label %wordLoop
wordLoop:
  %i = phi i32 [ 0, %entry ], [ %iNext, %wordBody ]
  %wordsDone = icmp eq i32 %i, %wordCount
  br i1 %wordsDone, label %bytesStart, label %wordBody
wordBody:
  %byteOffset = shl i32 %i, 2
  %sa = add i32 %s, %byteOffset
  %da = add i32 %d, %byteOffset
  %sp = inttoptr i32 %sa to i32*
  %dp = inttoptr i32 %da to i32*
  %w = load i32, i32* %sp, align 4
  store i32 %w, i32* %dp, align 4
  %iNext = add i32 %i, 1
  br label %wordLoop
bytesStart:
  %firstByte = shl i32 %wordCount, 2
  br label %byteLoop
byteLoop:
  %j = phi i32 [ %firstByte, %bytesStart ], [ %jNext, %byteBody ]
  %bytesDone = icmp eq i32 %j, %n
  br i1 %bytesDone, label %done, label %byteBody
byteBody:
  %sb = getelementptr i8, i8* %src, i32 %j
  %db = getelementptr i8, i8* %dest, i32 %j
  %byte = load i8, i8* %sb, align 1
  store i8 %byte, i8* %db, align 1
  %jNext = add i32 %j, 1
  br label %byteLoop
done:
  ret i8* %dest
}`;

/** Forward (memcpy) unless the destination starts inside the source; then bytes, backward. */
const MEMMOVE = `
define i8* @memmove(i8* %dest, i8* %src, i32 %n) #1 {
entry:
  %d = ptrtoint i8* %dest to i32
  %s = ptrtoint i8* %src to i32
  %distance = sub i32 %d, %s
  %forwardSafe = icmp uge i32 %distance, %n
  br i1 %forwardSafe, label %forward, label %backward
forward:
  %r = call i8* @memcpy(i8* %dest, i8* %src, i32 %n)
  ret i8* %dest
backward:
  %i = phi i32 [ %n, %entry ], [ %index, %body ]
  %done = icmp eq i32 %i, 0
  br i1 %done, label %exit, label %body
body:
  %index = sub i32 %i, 1
  %sb = getelementptr i8, i8* %src, i32 %index
  %db = getelementptr i8, i8* %dest, i32 %index
  %byte = load i8, i8* %sb, align 1
  store i8 %byte, i8* %db, align 1
  br label %backward
exit:
  ret i8* %dest
}`;

/** Fills words while the destination is 4-aligned, then the remaining bytes. */
const MEMSET = `
define i8* @memset(i8* %dest, i32 %value, i32 %n) #1 {
entry:
  %d = ptrtoint i8* %dest to i32
  %byte = trunc i32 %value to i8
  %byte32 = and i32 %value, 255
  %pattern = mul i32 %byte32, 16843009
  %low = and i32 %d, 3
  %aligned = icmp eq i32 %low, 0
  %words = lshr i32 %n, 2
  %wordCount = select i1 %aligned, i32 %words, i32 0
  br label %wordLoop
wordLoop:
  %i = phi i32 [ 0, %entry ], [ %iNext, %wordBody ]
  %wordsDone = icmp eq i32 %i, %wordCount
  br i1 %wordsDone, label %bytesStart, label %wordBody
wordBody:
  %byteOffset = shl i32 %i, 2
  %da = add i32 %d, %byteOffset
  %dp = inttoptr i32 %da to i32*
  store i32 %pattern, i32* %dp, align 4
  %iNext = add i32 %i, 1
  br label %wordLoop
bytesStart:
  %firstByte = shl i32 %wordCount, 2
  br label %byteLoop
byteLoop:
  %j = phi i32 [ %firstByte, %bytesStart ], [ %jNext, %byteBody ]
  %bytesDone = icmp eq i32 %j, %n
  br i1 %bytesDone, label %done, label %byteBody
byteBody:
  %db = getelementptr i8, i8* %dest, i32 %j
  store i8 %byte, i8* %db, align 1
  %jNext = add i32 %j, 1
  br label %byteLoop
done:
  ret i8* %dest
}`;

/**
 * Unsigned 64-bit quotient or remainder: hardware 32-bit division when both operands fit in 32
 * bits, otherwise 64 rounds of shift-and-subtract. The divisor is never 0 (the caller traps first).
 */
const DIVISION = `
define internal i64 @__zkos_udivmod64(i64 %n, i64 %d, i1 %wantRemainder) #1 {
entry:
  %both = or i64 %n, %d
  %high = lshr i64 %both, 32
  %small = icmp eq i64 %high, 0
  br i1 %small, label %fast, label %loop
fast:
  %n32 = trunc i64 %n to i32
  %d32 = trunc i64 %d to i32
  %q32 = udiv i32 %n32, %d32
  %r32 = urem i32 %n32, %d32
  %pick32 = select i1 %wantRemainder, i32 %r32, i32 %q32
  %pick = zext i32 %pick32 to i64
  ret i64 %pick
loop:
  %i = phi i32 [ 0, %entry ], [ %iNext, %loop ]
  %num = phi i64 [ %n, %entry ], [ %numNext, %loop ]
  %rem = phi i64 [ 0, %entry ], [ %remNext, %loop ]
  %quo = phi i64 [ 0, %entry ], [ %quoNext, %loop ]
  %carry = icmp slt i64 %rem, 0
  %remShifted = shl i64 %rem, 1
  %topBit = lshr i64 %num, 63
  %remIn = or i64 %remShifted, %topBit
  %numNext = shl i64 %num, 1
  %geq = icmp uge i64 %remIn, %d
  %fits = or i1 %carry, %geq
  %remSub = sub i64 %remIn, %d
  %remNext = select i1 %fits, i64 %remSub, i64 %remIn
  %bit = zext i1 %fits to i64
  %quoShifted = shl i64 %quo, 1
  %quoNext = or i64 %quoShifted, %bit
  %iNext = add i32 %i, 1
  %done = icmp eq i32 %iNext, 64
  br i1 %done, label %exit, label %loop
exit:
  %result = select i1 %wantRemainder, i64 %remNext, i64 %quoNext
  ret i64 %result
}

define i64 @__udivdi3(i64 %a, i64 %b) #1 {
  %q = call i64 @__zkos_udivmod64(i64 %a, i64 %b, i1 false)
  ret i64 %q
}

define i64 @__umoddi3(i64 %a, i64 %b) #1 {
  %r = call i64 @__zkos_udivmod64(i64 %a, i64 %b, i1 true)
  ret i64 %r
}

; signed division and remainder on the unsigned core: |a| and |b| in, the sign put back on the
; result (the quotient takes sign(a) xor sign(b), the remainder the sign of a)
define internal i64 @__zkos_sdivmod64(i64 %a, i64 %b, i1 %wantRemainder) #1 {
  %sa = ashr i64 %a, 63
  %sb = ashr i64 %b, 63
  %xa = xor i64 %a, %sa
  %ua = sub i64 %xa, %sa
  %xb = xor i64 %b, %sb
  %ub = sub i64 %xb, %sb
  %u = call i64 @__zkos_udivmod64(i64 %ua, i64 %ub, i1 %wantRemainder)
  %sq = xor i64 %sa, %sb
  %s = select i1 %wantRemainder, i64 %sa, i64 %sq
  %x = xor i64 %u, %s
  %r = sub i64 %x, %s
  ret i64 %r
}

define i64 @__divdi3(i64 %a, i64 %b) #1 {
  %q = call i64 @__zkos_sdivmod64(i64 %a, i64 %b, i1 false)
  ret i64 %q
}

define i64 @__moddi3(i64 %a, i64 %b) #1 {
  %r = call i64 @__zkos_sdivmod64(i64 %a, i64 %b, i1 true)
  ret i64 %r
}`;

/** The runtime as LLVM IR text, to be appended to a translated module. */
export function runtimeIr(): string {
  return [TRAP, MEMCPY, MEMMOVE, MEMSET, DIVISION, '', ...ATTRIBUTE_GROUPS].join('\n');
}
