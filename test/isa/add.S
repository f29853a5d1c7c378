# add: rd = rs1 + rs2, modulo 2^32 (no overflow trap).
        .include "macros.inc"
        RVTEST_CODE_BEGIN

        TEST_RR_OP  1, add, 0x00000000, 0x00000000, 0x00000000
        TEST_RR_OP  2, add, 0x00000002, 0x00000001, 0x00000001
        TEST_RR_OP  3, add, 0x0000000a, 0x00000003, 0x00000007
        TEST_RR_OP  4, add, 0xffff8000, 0x00000000, 0xffff8000
        TEST_RR_OP  5, add, 0x80000000, 0x80000000, 0x00000000
        TEST_RR_OP  6, add, 0x7fff8000, 0x80000000, 0xffff8000
        TEST_RR_OP  7, add, 0x00007fff, 0x00000000, 0x00007fff
        TEST_RR_OP  8, add, 0x7fffffff, 0x7fffffff, 0x00000000
        TEST_RR_OP  9, add, 0x80007ffe, 0x7fffffff, 0x00007fff
        # signed overflow wraps
        TEST_RR_OP 10, add, 0x80000000, 0x7fffffff, 0x00000001
        TEST_RR_OP 11, add, 0x80007fff, 0x80000000, 0x00007fff
        TEST_RR_OP 12, add, 0x7fff7fff, 0x7fffffff, 0xffff8000
        TEST_RR_OP 13, add, 0xffffffff, 0x00000000, 0xffffffff
        # unsigned carry out of bit 31 is dropped
        TEST_RR_OP 14, add, 0x00000000, 0xffffffff, 0x00000001
        TEST_RR_OP 15, add, 0xfffffffe, 0xffffffff, 0xffffffff
        TEST_RR_OP 16, add, 0x00000000, 0x80000000, 0x80000000
        TEST_RR_OP 17, add, 0x80000000, 0x00000001, 0x7fffffff
        TEST_RR_OP 18, add, 0x12345678, 0x12340000, 0x00005678
        TEST_RR_OP 19, add, 0xe0000001, 0xf0000000, 0xf0000001
        # operand/destination register aliasing
        TEST_RR_SRC1_EQ_DEST  20, add, 24, 13, 11
        TEST_RR_SRC2_EQ_DEST  21, add, 25, 14, 11
        TEST_RR_SRC12_EQ_DEST 22, add, 26, 13
        TEST_RR_SRC12_EQ_DEST 23, add, 0x00000000, 0x80000000
        # x0 as a source and as the destination
        TEST_RR_ZEROSRC1  24, add, 15, 15
        TEST_RR_ZEROSRC2  25, add, 32, 32
        TEST_RR_ZEROSRC12 26, add, 0
        TEST_RR_ZERODEST  27, add, 16, 30
        # other register numbers, including the highest ones
        TEST_RR_OP_REGS 28, add, 0x00000003, 0x00000001, 0x00000002, x31, x30, x29
        TEST_RR_OP_REGS 29, add, 0xffffffff, 0x7fffffff, 0x80000000, x16, x8, x24
        TEST_RR_OP_REGS 30, add, 0x00000100, 0x00000080, 0x00000080, x5, x28, x1

        RVTEST_CODE_END
