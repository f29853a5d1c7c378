# lb / lh / lw / lbu / lhu: little-endian loads; lb/lh sign-extend, lbu/lhu zero-extend.
# Addresses are rs1 + sext(imm12); every access here is naturally aligned.
        .include "macros.inc"
        RVTEST_CODE_BEGIN

        # lb: sign extension from bit 7
        TEST_LD_OP  1, lb, 0x00000000, 0, bytes
        TEST_LD_OP  2, lb, 0x0000007f, 1, bytes
        TEST_LD_OP  3, lb, 0xffffff80, 2, bytes
        TEST_LD_OP  4, lb, 0xffffffff, 3, bytes
        TEST_LD_OP  5, lb, 0x00000078, 16, words       # low byte of 0x12345678
        TEST_LD_OP  6, lb, 0x00000012, 19, words       # high byte
        # lbu: zero extension
        TEST_LD_OP  7, lbu, 0x0000007f, 1, bytes
        TEST_LD_OP  8, lbu, 0x00000080, 2, bytes
        TEST_LD_OP  9, lbu, 0x000000ff, 3, bytes
        TEST_LD_OP 10, lbu, 0x000000be, 21, words      # second byte of 0xdeadbeef
        # lh: sign extension from bit 15
        TEST_LD_OP 11, lh, 0x00000000, 0, halves
        TEST_LD_OP 12, lh, 0x00007fff, 2, halves
        TEST_LD_OP 13, lh, 0xffff8000, 4, halves
        TEST_LD_OP 14, lh, 0xffffffff, 6, halves
        TEST_LD_OP 15, lh, 0x00005678, 16, words
        TEST_LD_OP 16, lh, 0x00001234, 18, words
        TEST_LD_OP 17, lh, 0xffffff80, 2, bytes        # bytes 0x80, 0xff: 0xff80
        # lhu: zero extension
        TEST_LD_OP 18, lhu, 0x00008000, 4, halves
        TEST_LD_OP 19, lhu, 0x0000ffff, 6, halves
        TEST_LD_OP 20, lhu, 0x0000fedc, 10, halves
        TEST_LD_OP 21, lhu, 0x0000dead, 22, words
        # lw
        TEST_LD_OP 22, lw, 0x7fffffff, 4, words
        TEST_LD_OP 23, lw, 0x80000000, 8, words
        TEST_LD_OP 24, lw, 0xffffffff, 12, words
        TEST_LD_OP 25, lw, 0xff807f00, 0, bytes        # little-endian byte order
        TEST_LD_OP 26, lw, 0x7fff0000, 0, halves
        # negative offsets from a base past the data
        TEST_LD_OP 27, lw, 0xdeadbeef, -4, words_end
        TEST_LD_OP 28, lb, 0xffffffde, -1, words_end
        TEST_LD_OP 29, lhu, 0x00005678, -8, words_end
        TEST_LD_OP 30, lh, 0xffffffff, -28, words_end   # halves[6] = 0xffff
        # the same address from other rs1/imm splits: odd rs1 with an odd immediate, and the
        # largest immediates
        TEST_LD_OP_ADJ 31, lw, 0x12345678, 16, words, 1
        TEST_LD_OP_ADJ 32, lh, 0xffff8000, 4, halves, -3
        TEST_LD_OP_ADJ 33, lbu, 0x000000ff, 3, bytes, -2044     # imm = 2047
        TEST_LD_OP_ADJ 34, lw, 0x80000000, 8, words, 2047        # imm = -2039
        TEST_CASE 35                    # imm = -2048
        la x1, words
        li x2, 2056
        add x1, x1, x2
        lw x14, -2048(x1)
        CHECK 0x80000000
        TEST_CASE 36                    # rd == rs1
        la x14, words
        lw x14, 20(x14)
        CHECK 0xdeadbeef
        TEST_CASE 37                    # loads do not change memory or rs1
        la x1, words
        lw x14, 16(x1)
        lw x14, 16(x1)
        la x7, words
        bne x1, x7, 1f
        CHECK 0x12345678
        j 2f
1:      FAIL_CASE
2:

        RVTEST_CODE_END

        .data
        .balign 4
bytes:                                  # +0
        .byte 0x00, 0x7f, 0x80, 0xff
        .byte 0x01, 0xfe, 0x55, 0xaa
halves:                                 # +8
        .half 0x0000, 0x7fff, 0x8000, 0xffff
        .half 0x1234, 0xfedc
        .half 0xffff, 0x0000
words:                                  # +24
        .word 0x00000000, 0x7fffffff, 0x80000000, 0xffffffff
        .word 0x12345678, 0xdeadbeef
words_end:
        .skip 2100                      # room for the large-immediate cases
