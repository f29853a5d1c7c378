# sb / sh / sw: store the low 8 / 16 / 32 bits of rs2 at rs1 + sext(imm12), little-endian,
# touching only those bytes. Every access here is naturally aligned.
        .include "macros.inc"

# Stores `value` at offset(mid) where mid is the middle one of three words filled with
# 0xa5a5a5a5 (a buffer of its own per case), then checks all three words.
.macro TEST_ST_WORDS n, st, value, offset, w0, w1, w2
        .pushsection .data
        .balign 4
st_buf_\n:
        .word 0xa5a5a5a5, 0xa5a5a5a5, 0xa5a5a5a5
        .popsection
        TEST_CASE \n
        la x1, st_buf_\n + 4
        li x2, \value
        \st x2, \offset(x1)
        lw x14, -4(x1)
        CHECK \w0
        lw x14, 0(x1)
        CHECK \w1
        lw x14, 4(x1)
        CHECK \w2
.endm

        RVTEST_CODE_BEGIN

        # sb writes one byte, at each position of a word
        TEST_ST_WORDS  1, sb, 0x12345678, 0,  0xa5a5a5a5, 0xa5a5a578, 0xa5a5a5a5
        TEST_ST_WORDS  2, sb, 0x12345678, 1,  0xa5a5a5a5, 0xa5a578a5, 0xa5a5a5a5
        TEST_ST_WORDS  3, sb, 0x12345678, 2,  0xa5a5a5a5, 0xa578a5a5, 0xa5a5a5a5
        TEST_ST_WORDS  4, sb, 0x12345678, 3,  0xa5a5a5a5, 0x78a5a5a5, 0xa5a5a5a5
        TEST_ST_WORDS  5, sb, 0xffffff80, -1, 0x80a5a5a5, 0xa5a5a5a5, 0xa5a5a5a5
        TEST_ST_WORDS  6, sb, 0x00000000, 4,  0xa5a5a5a5, 0xa5a5a5a5, 0xa5a5a500
        # sh writes two bytes
        TEST_ST_WORDS  7, sh, 0x12345678, 0,  0xa5a5a5a5, 0xa5a55678, 0xa5a5a5a5
        TEST_ST_WORDS  8, sh, 0x12345678, 2,  0xa5a5a5a5, 0x5678a5a5, 0xa5a5a5a5
        TEST_ST_WORDS  9, sh, 0xffff8000, -2, 0x8000a5a5, 0xa5a5a5a5, 0xa5a5a5a5
        TEST_ST_WORDS 10, sh, 0x00000000, 6,  0xa5a5a5a5, 0xa5a5a5a5, 0x0000a5a5
        # sw writes four bytes
        TEST_ST_WORDS 11, sw, 0x12345678, 0,  0xa5a5a5a5, 0x12345678, 0xa5a5a5a5
        TEST_ST_WORDS 12, sw, 0x80000000, -4, 0x80000000, 0xa5a5a5a5, 0xa5a5a5a5
        TEST_ST_WORDS 13, sw, 0x00000000, 4,  0xa5a5a5a5, 0xa5a5a5a5, 0x00000000
        TEST_ST_WORDS 14, sw, 0xffffffff, 0,  0xa5a5a5a5, 0xffffffff, 0xa5a5a5a5

        # store, then read back at the same width
        TEST_ST_OP 15, lbu, sb, 0x000000aa, 0xffffffaa, 3, scratch
        TEST_ST_OP 16, lb,  sb, 0xffffffaa, 0x000000aa, 1, scratch
        TEST_ST_OP 17, lhu, sh, 0x0000aa55, 0x1234aa55, 2, scratch
        TEST_ST_OP 18, lh,  sh, 0xffff8001, 0x00008001, 6, scratch
        TEST_ST_OP 19, lw,  sw, 0xdeadbeef, 0xdeadbeef, 8, scratch
        TEST_ST_OP 20, lw,  sw, 0x00000000, 0x00000000, 8, scratch

        TEST_CASE 21                    # sw is little-endian: read back byte by byte
        la x1, scratch
        li x2, 0x11223344
        sw x2, 12(x1)
        lbu x14, 12(x1)
        CHECK 0x44
        lbu x14, 13(x1)
        CHECK 0x33
        lbu x14, 14(x1)
        CHECK 0x22
        lbu x14, 15(x1)
        CHECK 0x11
        TEST_CASE 22                    # four sb build one word
        la x1, scratch
        li x2, 0xef
        sb x2, 16(x1)
        li x2, 0xbe
        sb x2, 17(x1)
        li x2, 0xad
        sb x2, 18(x1)
        li x2, 0xde
        sb x2, 19(x1)
        lw x14, 16(x1)
        CHECK 0xdeadbeef
        TEST_CASE 23                    # rs1 == rs2: the address itself is stored
        la x1, scratch
        sw x1, 20(x1)
        lw x14, 20(x1)
        mv x7, x1
        CHECK_A4_T2
        TEST_CASE 24                    # stores leave rs1 and rs2 unchanged
        la x1, scratch
        li x2, 0x7654321f
        sw x2, 24(x1)
        sh x2, 24(x1)
        sb x2, 24(x1)
        CHECK_REG x2, 0x7654321f
        la x7, scratch
        mv x14, x1
        CHECK_A4_T2

        # .bss starts zeroed; the largest immediates
        TEST_CASE 25
        la x1, zeros
        lw x14, 0(x1)
        CHECK 0
        lw x14, 2044(x1)
        CHECK 0
        TEST_CASE 26                    # sb with imm = 2047, read back through imm = -1
        la x1, zeros
        li x2, 0x5c
        sb x2, 2047(x1)
        li x5, 2048
        add x1, x1, x5
        lbu x14, -1(x1)
        CHECK 0x5c
        TEST_CASE 27                    # sw with imm = -2048
        la x1, zeros
        li x2, 2048 + 8
        add x1, x1, x2
        li x2, 0xa1b2c3d4
        sw x2, -2048(x1)
        la x1, zeros
        lw x14, 8(x1)
        CHECK 0xa1b2c3d4
        lw x14, 4(x1)                   # neighbours untouched
        CHECK 0
        lw x14, 12(x1)
        CHECK 0

        RVTEST_CODE_END

        .data
        .balign 4
scratch:
        .skip 32, 0x99

        .bss
        .balign 4
zeros:
        .skip 4096
