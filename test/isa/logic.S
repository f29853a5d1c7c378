# and / or / xor and their immediate forms andi / ori / xori (immediate sign-extended from bit 11).
        .include "macros.inc"
        RVTEST_CODE_BEGIN

        # and
        TEST_RR_OP  1, and, 0x0f000f00, 0xff00ff00, 0x0f0f0f0f
        TEST_RR_OP  2, and, 0x00f000f0, 0x0ff00ff0, 0xf0f0f0f0
        TEST_RR_OP  3, and, 0x000f000f, 0x00ff00ff, 0x0f0f0f0f
        TEST_RR_OP  4, and, 0xf000f000, 0xf00ff00f, 0xf0f0f0f0
        TEST_RR_OP  5, and, 0x00000000, 0xffffffff, 0x00000000
        TEST_RR_SRC12_EQ_DEST 6, and, 0xff00ff00, 0xff00ff00
        TEST_RR_ZEROSRC1  7, and, 0, 0xffffffff
        # or
        TEST_RR_OP  8, or, 0xff0fff0f, 0xff00ff00, 0x0f0f0f0f
        TEST_RR_OP  9, or, 0xfff0fff0, 0x0ff00ff0, 0xf0f0f0f0
        TEST_RR_OP 10, or, 0x0fff0fff, 0x00ff00ff, 0x0f0f0f0f
        TEST_RR_OP 11, or, 0xf0fff0ff, 0xf00ff00f, 0xf0f0f0f0
        TEST_RR_SRC1_EQ_DEST 12, or, 0x80000001, 0x80000000, 0x00000001
        TEST_RR_ZEROSRC2 13, or, 0x89abcdef, 0x89abcdef
        # xor
        TEST_RR_OP 14, xor, 0xf00ff00f, 0xff00ff00, 0x0f0f0f0f
        TEST_RR_OP 15, xor, 0xff00ff00, 0x0ff00ff0, 0xf0f0f0f0
        TEST_RR_OP 16, xor, 0x0ff00ff0, 0x00ff00ff, 0x0f0f0f0f
        TEST_RR_OP 17, xor, 0x00ff00ff, 0xf00ff00f, 0xf0f0f0f0
        TEST_RR_SRC12_EQ_DEST 18, xor, 0x00000000, 0xdeadbeef
        TEST_RR_SRC2_EQ_DEST  19, xor, 0xffffffff, 0xaaaaaaaa, 0x55555555
        TEST_RR_ZERODEST 20, xor, 0x12345678, 0x0000ffff
        # andi (0xf0f is -241, 0x70f is 1807, 0x800 is -2048 as 12-bit immediates)
        TEST_IMM_OP 21, andi, 0xff00ff00, 0xff00ff00, -241
        TEST_IMM_OP 22, andi, 0x000000f0, 0x0ff00ff0, 0x0f0
        TEST_IMM_OP 23, andi, 0x0000000f, 0x00ff00ff, 0x70f
        TEST_IMM_OP 24, andi, 0x00000000, 0xf00ff00f, 0x0f0
        TEST_IMM_OP 25, andi, 0xfffff800, 0xffffffff, -2048
        TEST_IMM_OP 26, andi, 0x00000678, 0x12345678, 2047
        TEST_IMM_OP 27, andi, 0x12345678, 0x12345678, -1
        TEST_IMM_SRC1_EQ_DEST 28, andi, 0x00000000, 0xff00ff00, 0x0f0
        # ori
        TEST_IMM_OP 29, ori, 0xffffff0f, 0xff00ff00, -241
        TEST_IMM_OP 30, ori, 0x0ff00ff0, 0x0ff00ff0, 0x0f0
        TEST_IMM_OP 31, ori, 0x00ff07ff, 0x00ff00ff, 0x70f
        TEST_IMM_OP 32, ori, 0xf00ff0ff, 0xf00ff00f, 0x0f0
        TEST_IMM_ZEROSRC1 33, ori, 0xfffff800, -2048
        TEST_IMM_ZERODEST 34, ori, 0xff00ff00, -241
        # xori
        TEST_IMM_OP 35, xori, 0xff00f00f, 0x00ff0f00, -241
        TEST_IMM_OP 36, xori, 0x0ff00f00, 0x0ff00ff0, 0x0f0
        TEST_IMM_OP 37, xori, 0x00ff0ff0, 0x00ff08ff, 0x70f
        TEST_IMM_OP 38, xori, 0xedcba987, 0x12345678, -1      # not
        TEST_IMM_OP 39, xori, 0x7ffff800, 0x80000000, -2048
        TEST_IMM_OP_REGS 40, xori, 0x000007fe, 0x00000001, 2047, x30, x31

        RVTEST_CODE_END
