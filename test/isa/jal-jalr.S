# jal: rd = pc + 4; pc += offset.  jalr: t = (rs1 + sext(imm)) & ~1; rd = pc + 4; pc = t.
# The pc of the jump is found with an `auipc t2, 0` placed just before it.
        .include "macros.inc"
        RVTEST_CODE_BEGIN

        TEST_CASE 1                     # jal links pc + 4
        auipc x7, 0
        jal x14, 1f
        FAIL_CASE
1:      addi x7, x7, 8
        CHECK_A4_T2

        TEST_CASE 2                     # jal to the very next instruction still links pc + 4
        auipc x7, 0
        jal x14, 1f
1:      addi x7, x7, 8
        CHECK_A4_T2

        TEST_CASE 3                     # call / return with ra
        li x14, 0
        jal ra, 2f
        addi x14, x14, 7                # runs after the return
        j 3f
2:      addi x14, x14, 1
        ret
3:      CHECK 8

        TEST_CASE 4                     # backward jal
        li x14, 0
        j 2f
1:      addi x14, x14, 5
        j 3f
2:      jal x31, 1b
        FAIL_CASE
3:      addi x14, x14, 1
        CHECK 6

        TEST_CASE 5                     # jal with rd = x0 writes nothing
        li x1, 0x1111
        li x31, 0x3131
        jal x0, 1f
        FAIL_CASE
1:      add x14, x0, x0
        CHECK 0
        CHECK_REG x1, 0x1111
        CHECK_REG x31, 0x3131

        TEST_CASE 6                     # jal with rd = x31: link value
        auipc x7, 0
        jal x31, 1f
        FAIL_CASE
1:      addi x7, x7, 8
        mv x14, x31
        CHECK_A4_T2

        TEST_CASE 7                     # long forward jal: offset 0x3814 (imm bits 11, 12, 13 set)
        auipc x7, 0
        jal x14, 2f
        FAIL_CASE
        .fill 0xe01, 4, 0x00000013      # nops, skipped
2:      sub x14, x14, x7                # link - pc of auipc = 8
        CHECK 8

        TEST_CASE 8                     # long backward jal: offset -0x3808
        li x14, 0
        j 3f
1:      addi x14, x14, 1
        j 4f
        .fill 0xe00, 4, 0x00000013      # nops, skipped
3:      jal x0, 1b
        FAIL_CASE
4:      CHECK 1

        TEST_CASE 9                     # jalr links pc + 4 and jumps to rs1 + 0
        la x1, 1f
        auipc x7, 0
        jalr x14, 0(x1)
        FAIL_CASE
1:      addi x7, x7, 8
        CHECK_A4_T2

        TEST_CASE 10                    # jalr clears bit 0 of an odd rs1 + 0
        la x1, 1f
        addi x1, x1, 1
        jalr x14, 0(x1)
        FAIL_CASE
1:      la x14, 1b
        sub x14, x1, x14                # rs1 itself keeps its odd value
        CHECK 1

        TEST_CASE 11                    # jalr clears bit 0 of rs1 + an odd immediate
        la x1, 1f
        addi x1, x1, 4
        jalr x14, -3(x1)                # 1f + 1
        FAIL_CASE
1:      CHECK_REG x0, 0

        TEST_CASE 12                    # jalr with the largest positive immediate
        la x1, 1f
        addi x1, x1, -2047
        jalr x14, 2047(x1)
        FAIL_CASE
1:      CHECK_REG x0, 0

        TEST_CASE 13                    # jalr with the most negative immediate
        la x1, 1f
        li x2, 2048
        add x1, x1, x2
        jalr x14, -2048(x1)
        FAIL_CASE
1:      CHECK_REG x0, 0

        TEST_CASE 14                    # jalr with rd == rs1: the target uses the old rs1
        la x5, 1f
        auipc x7, 0
        jalr x5, 0(x5)
        FAIL_CASE
1:      addi x7, x7, 8
        mv x14, x5
        CHECK_A4_T2

        TEST_CASE 15                    # rd == rs1 with an odd target and an immediate
        la x9, 1f
        addi x9, x9, -7
        auipc x7, 0
        jalr x9, 8(x9)                  # (1f - 7 + 8) & ~1 = 1f
        FAIL_CASE
1:      addi x7, x7, 8
        mv x14, x9
        CHECK_A4_T2

        TEST_CASE 16                    # jalr with rd = x0 (jr) writes nothing
        li x31, 0x3131
        la x1, 1f
        jalr x0, 0(x1)
        FAIL_CASE
1:      add x14, x0, x0
        CHECK 0
        CHECK_REG x31, 0x3131
        la x14, 1b                      # rs1 unchanged
        mv x7, x1
        CHECK_A4_T2

        TEST_CASE 17                    # call through a register (jalr ra) and return (jalr x0, ra)
        li x14, 0
        la x6, 2f
        jalr ra, 0(x6)
        addi x14, x14, 10               # runs after the return
        j 3f
2:      addi x14, x14, 1
        jalr x0, 0(ra)
        FAIL_CASE
3:      CHECK 11

        TEST_CASE 18                    # jalr backward, rd = x31
        li x14, 0
        j 2f
1:      addi x14, x14, 2
        j 3f
2:      la x30, 1b
        jalr x31, 0(x30)
        FAIL_CASE
3:      CHECK 2

        TEST_CASE 19                    # a computed jump table: index 2 of 4 entries
        li x14, 0
        la x1, 4f
        li x2, 2
        slli x2, x2, 2                  # each entry is one 4-byte jal
        add x1, x1, x2
        jalr x0, 0(x1)
4:      j 5f
        j 5f
        j 6f
        j 5f
5:      FAIL_CASE
6:      li x14, 2
        CHECK 2

        RVTEST_CODE_END
