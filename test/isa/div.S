# div / divu / rem / remu. Signed division truncates toward zero, so the remainder takes the
# sign of the dividend. No traps: x / 0 = -1 (all ones) for div and divu, x rem 0 = x for rem and
# remu; the overflow INT_MIN / -1 = INT_MIN with remainder 0.
        .include "macros.inc"
        RVTEST_CODE_BEGIN

        # div
        TEST_RR_OP  1, div, 0x00000003, 20, 6
        TEST_RR_OP  2, div, 0xfffffffd, -20, 6                  # -3 (not -4)
        TEST_RR_OP  3, div, 0xfffffffd, 20, -6
        TEST_RR_OP  4, div, 0x00000003, -20, -6
        TEST_RR_OP  5, div, 0x00000000, -1, 2                   # truncates toward zero
        TEST_RR_OP  6, div, 0x80000000, 0x80000000, 1
        TEST_RR_OP  7, div, 0xc0000000, 0x80000000, 2
        TEST_RR_OP  8, div, 0x80000001, 0x7fffffff, -1
        TEST_RR_OP  9, div, 0xfffe2b63, 0xdeadbeef, 0x1234
        TEST_RR_OP 10, div, 0x80000000, 0x80000000, -1          # overflow: INT_MIN
        TEST_RR_OP 11, div, 0xffffffff, 1, 0                    # by zero: -1
        TEST_RR_OP 12, div, 0xffffffff, 0, 0
        TEST_RR_OP 13, div, 0xffffffff, 0x80000000, 0
        TEST_RR_ZEROSRC2 14, div, 0xffffffff, 0x7fffffff        # rs2 = x0
        # divu
        TEST_RR_OP 15, divu, 0x00000003, 20, 6
        TEST_RR_OP 16, divu, 0x2aaaaaa7, -20, 6                 # 0xffffffec / 6
        TEST_RR_OP 17, divu, 0x00000000, 20, -6
        TEST_RR_OP 18, divu, 0x00000000, 0x80000000, 0xffffffff
        TEST_RR_OP 19, divu, 0x00000001, 0xffffffff, 0xffffffff
        TEST_RR_OP 20, divu, 0x000c3ba5, 0xdeadbeef, 0x1234
        TEST_RR_OP 21, divu, 0xffffffff, 1, 0                   # by zero: all ones
        TEST_RR_OP 22, divu, 0xffffffff, 0, 0
        # rem
        TEST_RR_OP 23, rem, 0x00000002, 20, 6
        TEST_RR_OP 24, rem, 0xfffffffe, -20, 6                  # sign of the dividend
        TEST_RR_OP 25, rem, 0x00000002, 20, -6
        TEST_RR_OP 26, rem, 0xfffffffe, -20, -6
        TEST_RR_OP 27, rem, 0x00000000, -6, 3                   # exact: 0, not -0 or 3
        TEST_RR_OP 28, rem, 0xfffff8d3, 0xdeadbeef, 0x1234
        TEST_RR_OP 29, rem, 0x00000000, 0x80000000, -1          # overflow: 0
        TEST_RR_OP 30, rem, 0x00000001, 1, 0                    # by zero: the dividend
        TEST_RR_OP 31, rem, 0xffffffff, -1, 0
        TEST_RR_OP 32, rem, 0x80000000, 0x80000000, 0
        # remu
        TEST_RR_OP 33, remu, 0x00000002, 20, 6
        TEST_RR_OP 34, remu, 0x00000002, -20, 6                 # 0xffffffec % 6
        TEST_RR_OP 35, remu, 0x00000014, 20, -6
        TEST_RR_OP 36, remu, 0x80000000, 0x80000000, 0xffffffff
        TEST_RR_OP 37, remu, 0x0000076b, 0xdeadbeef, 0x1234
        TEST_RR_OP 38, remu, 0xffffffff, 0xffffffff, 0          # by zero: the dividend
        TEST_RR_SRC12_EQ_DEST 39, remu, 0, 0x80000000
        TEST_RR_SRC1_EQ_DEST  40, div, 0xfffffffd, -20, 6

        RVTEST_CODE_END
