# mul: low 32 bits of rs1 * rs2.  mulh: high 32 bits of signed * signed.
# mulhsu: high 32 bits of signed rs1 * unsigned rs2.  mulhu: high 32 bits of unsigned * unsigned.
# Several products exceed 2^53 and have a low word of 0xffffffff, where computing the high
# word through a double rounds up (x * 2^32 - 1 is not representable), so only exact 64-bit
# arithmetic passes.
        .include "macros.inc"
        RVTEST_CODE_BEGIN

        # mul
        TEST_RR_OP  1, mul, 0x00000000, 0x00000000, 0x00000000
        TEST_RR_OP  2, mul, 0x00000015, 0x00000003, 0x00000007
        TEST_RR_OP  3, mul, 0xffffffeb, 0xfffffff9, 0x00000003          # -7 * 3 = -21
        TEST_RR_OP  4, mul, 0x00000000, 0x80000000, 0x80000000
        TEST_RR_OP  5, mul, 0x00000001, 0xffffffff, 0xffffffff          # -1 * -1
        TEST_RR_OP  6, mul, 0x80000000, 0x80000000, 0xffffffff          # INT_MIN * -1 wraps
        TEST_RR_OP  7, mul, 0x00000001, 0x7fffffff, 0x7fffffff
        TEST_RR_OP  8, mul, 0x242d2080, 0x12345678, 0x9abcdef0          # needs exact low bits
        TEST_RR_OP  9, mul, 0x88cf5b62, 0xdeadbeef, 0xcafebabe
        TEST_RR_OP 10, mul, 0xc0000000, 0xffff8000, 0x00008000
        TEST_RR_OP 11, mul, 0x00000000, 0x00010000, 0x00010000
        TEST_RR_OP 12, mul, 0xffffffff, 0xfffffffb, 0xcccccccd
        # mulh (signed x signed)
        TEST_RR_OP 13, mulh, 0x00000000, 0x00000003, 0x00000007
        TEST_RR_OP 14, mulh, 0x40000000, 0x80000000, 0x80000000          # 2^62
        TEST_RR_OP 15, mulh, 0x00000000, 0xffffffff, 0xffffffff          # -1 * -1 = 1
        TEST_RR_OP 16, mulh, 0x3fffffff, 0x7fffffff, 0x7fffffff
        TEST_RR_OP 17, mulh, 0xc0000000, 0x80000000, 0x7fffffff
        TEST_RR_OP 18, mulh, 0x00000000, 0x80000000, 0xffffffff          # INT_MIN * -1 = 2^31
        TEST_RR_OP 19, mulh, 0xffffffff, 0xffffffff, 0x00000001          # -1: high word all ones
        TEST_RR_OP 20, mulh, 0xffffffff, 0xfffffff9, 0x00000003
        TEST_RR_OP 21, mulh, 0x06e631ce, 0xdeadbeef, 0xcafebabe          # negative * negative
        TEST_RR_OP 22, mulh, 0xdb3f2be2, 0xb504f333, 0x7d7bc005          # low word 0xffffffff
        TEST_RR_OP 23, mulh, 0x26666664, 0x7ffffffb, 0x4ccccccd          # low word 0xffffffff
        # mulhsu (signed rs1 x unsigned rs2)
        TEST_RR_OP 24, mulhsu, 0xc0000000, 0x80000000, 0x80000000        # -2^31 * 2^31
        TEST_RR_OP 25, mulhsu, 0xffffffff, 0xffffffff, 0xffffffff        # -1 * (2^32 - 1)
        TEST_RR_OP 26, mulhsu, 0x80000000, 0x80000000, 0xffffffff
        TEST_RR_OP 27, mulhsu, 0x7ffffffe, 0x7fffffff, 0xffffffff
        TEST_RR_OP 28, mulhsu, 0x00000001, 0x00000002, 0x80000000        # rs2 is not negative
        TEST_RR_OP 29, mulhsu, 0xe593f0bd, 0xdeadbeef, 0xcafebabe
        TEST_RR_OP 30, mulhsu, 0xf175cce2, 0xdeadbeef, 0x6fb4cff1        # low word 0xffffffff
        # mulhu (unsigned x unsigned)
        TEST_RR_OP 31, mulhu, 0x40000000, 0x80000000, 0x80000000
        TEST_RR_OP 32, mulhu, 0xfffffffe, 0xffffffff, 0xffffffff
        TEST_RR_OP 33, mulhu, 0x00000001, 0xffffffff, 0x00000002
        TEST_RR_OP 34, mulhu, 0xb092ab7b, 0xdeadbeef, 0xcafebabe
        TEST_RR_OP 35, mulhu, 0xccccccc8, 0xfffffffb, 0xcccccccd         # low word 0xffffffff
        TEST_RR_OP 36, mulhu, 0x612a9cd3, 0xdeadbeef, 0x6fb4cff1         # low word 0xffffffff
        # aliasing and x0
        TEST_RR_SRC12_EQ_DEST 37, mulhu, 0xfffffffe, 0xffffffff
        TEST_RR_SRC1_EQ_DEST  38, mul, 0x0000008f, 13, 11
        TEST_RR_ZEROSRC2      39, mulh, 0, 0x80000000
        TEST_RR_OP_REGS       40, mulhsu, 0xffffffff, 0xffffffff, 0x00000001, x31, x30, x29

        RVTEST_CODE_END
