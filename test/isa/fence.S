# fence (MISC-MEM, funct3 0) in all its forms is a no-op on a single in-order hart: it writes
# no register, falls through to the next instruction, and does not disturb memory. The fm, rs1
# and rd fields are reserved and ignored (so a fence whose rd field names ra must not write ra).
# fence.i (funct3 1, Zifencei) is not part of rv32im and is not tested here.
        .include "macros.inc"

# Runs `insn` (an instruction or a `.word`) between two increments of a4 and checks that a4
# went from 0x100 to 0x102 and that ra and t6 (which the encoded rd fields below name) kept
# their values.
.macro TEST_FENCE n, insn:vararg
        TEST_CASE \n
        li x1, 0x600d
        li x31, 0xf00d
        li x14, 0x100
        addi x14, x14, 1
        \insn
        addi x14, x14, 1
        CHECK 0x102
        CHECK_REG x1, 0x600d
        CHECK_REG x31, 0xf00d
.endm

        RVTEST_CODE_BEGIN

        TEST_FENCE  1, fence                    # fence iorw, iorw
        TEST_FENCE  2, fence rw, rw
        TEST_FENCE  3, fence r, r
        TEST_FENCE  4, fence w, w
        TEST_FENCE  5, fence r, rw
        TEST_FENCE  6, fence io, io
        TEST_FENCE  7, fence i, o
        TEST_FENCE  8, fence.tso                # fm = 1000, rw, rw
        TEST_FENCE  9, .word 0x0100000f         # pause: fence w, 0
        TEST_FENCE 10, .word 0x0000000f         # fence 0, 0
        TEST_FENCE 11, .word 0x0ff7008f         # fence iorw, iorw with rd = ra, rs1 = a4
        TEST_FENCE 12, .word 0x033f0f8f         # fence rw, rw with rd = t6, rs1 = t5
        TEST_FENCE 13, .word 0xf330000f         # reserved fm = 1111: an ordinary fence

        TEST_CASE 14                            # stores before a fence are seen by loads after it
        la x1, scratch
        li x2, 0x12345678
        sw x2, 0(x1)
        fence w, r
        lw x14, 0(x1)
        CHECK 0x12345678
        li x2, 0xab
        sb x2, 1(x1)
        fence.tso
        lw x14, 0(x1)
        CHECK 0x1234ab78

        TEST_CASE 15                            # a run of fences in a loop
        li x1, 5
        li x14, 0
1:      fence
        fence rw, rw
        addi x14, x14, 2
        fence.tso
        addi x1, x1, -1
        bnez x1, 1b
        CHECK 10

        RVTEST_CODE_END

        .data
        .balign 4
scratch:
        .word 0
