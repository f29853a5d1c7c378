# sub: rd = rs1 - rs2, modulo 2^32 (no overflow trap).
        .include "macros.inc"
        RVTEST_CODE_BEGIN

        TEST_RR_OP  1, sub, 0x00000000, 0x00000000, 0x00000000
        TEST_RR_OP  2, sub, 0x00000000, 0x00000001, 0x00000001
        TEST_RR_OP  3, sub, 0xfffffffc, 0x00000003, 0x00000007
        TEST_RR_OP  4, sub, 0x00000004, 0x00000007, 0x00000003
        TEST_RR_OP  5, sub, 0x00008000, 0x00000000, 0xffff8000
        TEST_RR_OP  6, sub, 0x80000000, 0x80000000, 0x00000000
        TEST_RR_OP  7, sub, 0x80008000, 0x80000000, 0xffff8000
        TEST_RR_OP  8, sub, 0xffff8001, 0x00000000, 0x00007fff
        TEST_RR_OP  9, sub, 0x7fffffff, 0x7fffffff, 0x00000000
        TEST_RR_OP 10, sub, 0x7fff8000, 0x7fffffff, 0x00007fff
        # signed overflow wraps
        TEST_RR_OP 11, sub, 0x7fff8001, 0x80000000, 0x00007fff
        TEST_RR_OP 12, sub, 0x80007fff, 0x7fffffff, 0xffff8000
        TEST_RR_OP 13, sub, 0x7fffffff, 0x80000000, 0x00000001
        TEST_RR_OP 14, sub, 0x80000000, 0x00000000, 0x80000000
        TEST_RR_OP 15, sub, 0xffffffff, 0x7fffffff, 0x80000000
        TEST_RR_OP 16, sub, 0x00000001, 0x80000000, 0x7fffffff
        # borrow
        TEST_RR_OP 17, sub, 0x00000001, 0x00000000, 0xffffffff
        TEST_RR_OP 18, sub, 0xfffffffe, 0xffffffff, 0x00000001
        TEST_RR_OP 19, sub, 0x00000000, 0xffffffff, 0xffffffff
        TEST_RR_OP 20, sub, 0x0000ffff, 0x00010000, 0x00000001
        # operand order matters: rs1 - rs2, not rs2 - rs1
        TEST_RR_OP 21, sub, 0x00000064, 0x000000c8, 0x00000064
        TEST_RR_OP 22, sub, 0xffffff9c, 0x00000064, 0x000000c8
        # aliasing
        TEST_RR_SRC1_EQ_DEST  23, sub, 2, 13, 11
        TEST_RR_SRC2_EQ_DEST  24, sub, 3, 14, 11
        TEST_RR_SRC12_EQ_DEST 25, sub, 0, 13
        TEST_RR_SRC12_EQ_DEST 26, sub, 0, 0x80000000
        # x0
        TEST_RR_ZEROSRC1  27, sub, 0xfffffff1, 15           # neg
        TEST_RR_ZEROSRC1  28, sub, 0x80000000, 0x80000000   # neg INT_MIN = INT_MIN
        TEST_RR_ZEROSRC2  29, sub, 32, 32
        TEST_RR_ZEROSRC12 30, sub, 0
        TEST_RR_ZERODEST  31, sub, 16, 30
        TEST_RR_OP_REGS   32, sub, 0xffffffff, 0x00000001, 0x00000002, x31, x30, x29
        TEST_RR_OP_REGS   33, sub, 0x00000001, 0x00000002, 0x00000001, x20, x29, x11

        RVTEST_CODE_END
