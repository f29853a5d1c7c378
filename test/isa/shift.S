# sll / srl / sra (shift amount = rs2[4:0], the upper 27 bits of rs2 are ignored) and
# slli / srli / srai (5-bit shamt). srl/srli fill with zeros, sra/srai with the sign bit.
        .include "macros.inc"
        RVTEST_CODE_BEGIN

        # sll
        TEST_RR_OP  1, sll, 0x00000001, 0x00000001, 0
        TEST_RR_OP  2, sll, 0x00000080, 0x00000001, 7
        TEST_RR_OP  3, sll, 0x80000000, 0x00000001, 31
        TEST_RR_OP  4, sll, 0xffffc000, 0xffffffff, 14
        TEST_RR_OP  5, sll, 0x90909080, 0x21212121, 7
        # shift amounts are masked to 5 bits: 32 -> 0, 33 -> 1, -64 -> 0, -31 -> 1, -25 -> 7
        TEST_RR_OP  6, sll, 0x21212121, 0x21212121, 32
        TEST_RR_OP  7, sll, 0x42424242, 0x21212121, 33
        TEST_RR_OP  8, sll, 0x21212121, 0x21212121, 0xffffffc0
        TEST_RR_OP 9, sll, 0x42424242, 0x21212121, 0xffffffe1
        TEST_RR_OP 10, sll, 0x90909080, 0x21212121, 0xffffffe7
        TEST_RR_SRC12_EQ_DEST 11, sll, 0x00000018, 0x00000003   # 3 << 3
        # srl
        TEST_RR_OP 12, srl, 0x80000000, 0x80000000, 0
        TEST_RR_OP 13, srl, 0x40000000, 0x80000000, 1
        TEST_RR_OP 14, srl, 0x00000001, 0x80000000, 31
        TEST_RR_OP 15, srl, 0x01030303, 0x81818181, 7
        TEST_RR_OP 16, srl, 0x00020606, 0x81818181, 14
        TEST_RR_OP 17, srl, 0x81818181, 0x81818181, 32
        TEST_RR_OP 18, srl, 0x40c0c0c0, 0x81818181, 33
        TEST_RR_OP 19, srl, 0x01030303, 0x81818181, 0xffffffe7
        # sra
        TEST_RR_OP 20, sra, 0x80000000, 0x80000000, 0
        TEST_RR_OP 21, sra, 0xc0000000, 0x80000000, 1
        TEST_RR_OP 22, sra, 0xffffffff, 0x80000000, 31
        TEST_RR_OP 23, sra, 0xff030303, 0x81818181, 7
        TEST_RR_OP 24, sra, 0xfffe0606, 0x81818181, 14
        TEST_RR_OP 25, sra, 0x00000000, 0x7fffffff, 31
        TEST_RR_OP 26, sra, 0x81818181, 0x81818181, 32
        TEST_RR_OP 27, sra, 0xc0c0c0c0, 0x81818181, 33
        TEST_RR_OP 28, sra, 0xff030303, 0x81818181, 0xffffffe7
        TEST_RR_SRC2_EQ_DEST 29, sra, 0xffffffff, 0xffffffff, 0x7fffffff   # shift by 31
        # slli
        TEST_IMM_OP 30, slli, 0x00000001, 0x00000001, 0
        TEST_IMM_OP 31, slli, 0x80000000, 0x00000001, 31
        TEST_IMM_OP 32, slli, 0x48484000, 0x21212121, 14
        TEST_IMM_SRC1_EQ_DEST 33, slli, 0x00000080, 0x00000001, 7
        # srli (zero fill)
        TEST_IMM_OP 34, srli, 0x00000001, 0x80000000, 31
        TEST_IMM_OP 35, srli, 0x00020606, 0x81818181, 14
        # srai (sign fill)
        TEST_IMM_OP 36, srai, 0xffffffff, 0x80000000, 31
        TEST_IMM_OP 37, srai, 0xfffe0606, 0x81818181, 14
        TEST_IMM_OP 38, srai, 0x00424242, 0x21212121, 7
        TEST_IMM_OP 39, srai, 0x81818181, 0x81818181, 0
        TEST_IMM_ZERODEST 40, srai, 0x80000000, 4

        RVTEST_CODE_END
