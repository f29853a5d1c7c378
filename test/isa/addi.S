# addi: rd = rs1 + sext(imm12), modulo 2^32. Immediates range over [-2048, 2047].
        .include "macros.inc"
        RVTEST_CODE_BEGIN

        TEST_IMM_OP  1, addi, 0x00000000, 0x00000000, 0
        TEST_IMM_OP  2, addi, 0x00000002, 0x00000001, 1
        TEST_IMM_OP  3, addi, 0x0000000a, 0x00000003, 7
        # the immediate is sign-extended from bit 11
        TEST_IMM_OP  4, addi, 0xfffff800, 0x00000000, -2048
        TEST_IMM_OP  5, addi, 0x000007ff, 0x00000000, 2047
        TEST_IMM_OP  6, addi, 0xffffffff, 0x00000000, -1
        TEST_IMM_OP  7, addi, 0x80000000, 0x80000000, 0
        TEST_IMM_OP  8, addi, 0x7ffff800, 0x80000000, -2048
        TEST_IMM_OP  9, addi, 0x800007fe, 0x7fffffff, 2047
        TEST_IMM_OP 10, addi, 0x7fffffff, 0x7fffffff, 0
        TEST_IMM_OP 11, addi, 0x800007ff, 0x80000000, 2047
        TEST_IMM_OP 12, addi, 0x7ffff7ff, 0x7fffffff, -2048
        # wrap-around
        TEST_IMM_OP 13, addi, 0x80000000, 0x7fffffff, 1
        TEST_IMM_OP 14, addi, 0x00000000, 0xffffffff, 1
        TEST_IMM_OP 15, addi, 0xfffffffe, 0xffffffff, -1
        TEST_IMM_OP 16, addi, 0x7fffffff, 0x80000000, -1
        TEST_IMM_OP 17, addi, 0x00000000, 0x00000800, -2048
        TEST_IMM_OP 18, addi, 0x00000fff, 0x00000800, 2047
        TEST_IMM_OP 19, addi, 0x12345678, 0x12345000, 0x678
        TEST_IMM_OP 20, addi, 0x1234567f, 0x12345680, -1
        # rd == rs1
        TEST_IMM_SRC1_EQ_DEST 21, addi, 24, 13, 11
        TEST_IMM_SRC1_EQ_DEST 22, addi, 0xfffff7ff, 0xffffffff, -2048
        # x0 as the source (li / mv idioms) and as the destination (nop)
        TEST_IMM_ZEROSRC1 23, addi, 32, 32
        TEST_IMM_ZEROSRC1 24, addi, 0xfffff800, -2048
        TEST_IMM_ZERODEST 25, addi, 33, 50
        TEST_CASE 26
        li x14, 0x13579bdf
        addi x0, x0, 0                  # canonical nop: changes nothing
        CHECK 0x13579bdf
        TEST_CASE 27
        li x1, 0xcafef00d
        addi x14, x1, 0                 # mv
        CHECK 0xcafef00d
        # other register numbers
        TEST_IMM_OP_REGS 28, addi, 0x00000005, 0x00000006, -1, x31, x30
        TEST_IMM_OP_REGS 29, addi, 0x00000800, 0x00000001, 2047, x1, x31
        TEST_IMM_OP_REGS 30, addi, 0xffffff00, 0xffffff80, -128, x17, x9

        RVTEST_CODE_END
