# slt / sltu / slti / sltiu: rd = 1 if rs1 < rs2 (or sext(imm)) else 0, signed or unsigned.
# sltiu compares with the sign-extended immediate as an unsigned number.
        .include "macros.inc"
        RVTEST_CODE_BEGIN

        # slt (signed)
        TEST_RR_OP  1, slt, 0, 0x00000000, 0x00000000
        TEST_RR_OP  2, slt, 0, 0x00000001, 0x00000001
        TEST_RR_OP  3, slt, 1, 0x00000003, 0x00000007
        TEST_RR_OP  4, slt, 0, 0x00000007, 0x00000003
        TEST_RR_OP  5, slt, 1, 0x80000000, 0x00000000     # INT_MIN < 0
        TEST_RR_OP  6, slt, 1, 0x80000000, 0x7fffffff     # INT_MIN < INT_MAX
        TEST_RR_OP  7, slt, 0, 0x7fffffff, 0x80000000
        TEST_RR_OP  8, slt, 1, 0xffffffff, 0x00000000     # -1 < 0
        TEST_RR_OP  9, slt, 0, 0x00000001, 0xffffffff
        TEST_RR_OP 10, slt, 1, 0xfffffffe, 0xffffffff     # -2 < -1
        TEST_RR_ZEROSRC1 11, slt, 1, 5                    # sgtz
        TEST_RR_ZEROSRC2 12, slt, 1, 0x80000000           # sltz
        TEST_RR_SRC12_EQ_DEST 13, slt, 0, 0xffffffff
        # sltu (unsigned)
        TEST_RR_OP 14, sltu, 0, 0x00000000, 0x00000000
        TEST_RR_OP 15, sltu, 1, 0x00000003, 0x00000007
        TEST_RR_OP 16, sltu, 0, 0x80000000, 0x00000001    # 2^31 > 1 unsigned
        TEST_RR_OP 17, sltu, 1, 0x7fffffff, 0x80000000
        TEST_RR_OP 18, sltu, 0, 0xffffffff, 0x00000000
        TEST_RR_OP 19, sltu, 1, 0x00000000, 0xffffffff
        TEST_RR_OP 20, sltu, 1, 0xfffffffe, 0xffffffff
        TEST_RR_ZEROSRC1 21, sltu, 1, 0x80000000          # snez
        TEST_RR_SRC1_EQ_DEST 22, sltu, 1, 11, 13
        # slti (signed immediate)
        TEST_IMM_OP 23, slti, 0, 0x00000000, 0
        TEST_IMM_OP 24, slti, 1, 0x00000003, 7
        TEST_IMM_OP 25, slti, 0, 0x00000007, 3
        TEST_IMM_OP 26, slti, 1, 0x80000000, -2048
        TEST_IMM_OP 27, slti, 0, 0x7fffffff, 2047
        TEST_IMM_OP 28, slti, 1, 0xfffff7ff, -2048        # -2049 < -2048
        TEST_IMM_OP 29, slti, 0, 0xfffff800, -2048
        TEST_IMM_OP 30, slti, 1, 0xffffffff, 0
        TEST_IMM_OP 31, slti, 0, 0x00000000, -1
        TEST_IMM_ZERODEST 32, slti, 0x80000000, 1
        # sltiu (immediate sign-extended, then compared unsigned)
        TEST_IMM_OP 33, sltiu, 1, 0x00000000, 1           # seqz
        TEST_IMM_OP 34, sltiu, 0, 0x00000005, 1
        TEST_IMM_OP 35, sltiu, 1, 0x7fffffff, -1          # < 0xffffffff
        TEST_IMM_OP 36, sltiu, 0, 0xffffffff, -1
        TEST_IMM_OP 37, sltiu, 1, 0x80000000, -2048       # < 0xfffff800
        TEST_IMM_OP 38, sltiu, 0, 0xfffff800, -2048
        TEST_IMM_OP 39, sltiu, 0, 0x80000000, 2047
        TEST_IMM_SRC1_EQ_DEST 40, sltiu, 1, 0x000007fe, 2047

        RVTEST_CODE_END
