# beq / bne / blt / bge (signed) / bltu / bgeu (unsigned): taken and not taken, forward and
# backward, signed-vs-unsigned edges, x0 operands, rs1 == rs2, and the largest offsets.
        .include "macros.inc"
        RVTEST_CODE_BEGIN

        # beq
        TEST_BR2_TAKEN      1, beq, 0, 0
        TEST_BR2_TAKEN      2, beq, 0xffffffff, 0xffffffff
        TEST_BR2_TAKEN      3, beq, 0x80000000, 0x80000000
        TEST_BR2_NOT_TAKEN  4, beq, 0, 1
        TEST_BR2_NOT_TAKEN  5, beq, 0xffffffff, 0x7fffffff   # differ only in bit 31
        # bne
        TEST_BR2_TAKEN      6, bne, 0, 1
        TEST_BR2_TAKEN      7, bne, 0x80000000, 0x00000000
        TEST_BR2_NOT_TAKEN  8, bne, 0, 0
        TEST_BR2_NOT_TAKEN  9, bne, 0xffffffff, 0xffffffff
        # blt (signed)
        TEST_BR2_TAKEN     10, blt, 0, 1
        TEST_BR2_TAKEN     11, blt, 0xffffffff, 1                 # -1 < 1
        TEST_BR2_TAKEN     12, blt, 0xfffffffe, 0xffffffff        # -2 < -1
        TEST_BR2_TAKEN     13, blt, 0x80000000, 1                 # INT_MIN < 1
        TEST_BR2_NOT_TAKEN 14, blt, 1, 0
        TEST_BR2_NOT_TAKEN 15, blt, 1, 1
        TEST_BR2_NOT_TAKEN 16, blt, 0x7fffffff, 0x80000000
        # bge (signed)
        TEST_BR2_TAKEN     17, bge, 0, 0
        TEST_BR2_TAKEN     18, bge, 1, 0xffffffff                 # 1 >= -1
        TEST_BR2_TAKEN     19, bge, 0x7fffffff, 0x80000000
        TEST_BR2_NOT_TAKEN 20, bge, 0x80000000, 1
        TEST_BR2_NOT_TAKEN 21, bge, 0xffffffff, 0
        # bltu (unsigned)
        TEST_BR2_TAKEN     22, bltu, 0, 1
        TEST_BR2_TAKEN     23, bltu, 1, 0xffffffff
        TEST_BR2_TAKEN     24, bltu, 1, 0x80000000
        TEST_BR2_NOT_TAKEN 25, bltu, 0x80000000, 1                # 2^31 > 1 unsigned
        TEST_BR2_NOT_TAKEN 26, bltu, 0xffffffff, 0
        TEST_BR2_NOT_TAKEN 27, bltu, 7, 7
        # bgeu (unsigned)
        TEST_BR2_TAKEN     28, bgeu, 0x80000000, 1
        TEST_BR2_TAKEN     29, bgeu, 0xffffffff, 0x7fffffff
        TEST_BR2_TAKEN     30, bgeu, 7, 7
        TEST_BR2_NOT_TAKEN 31, bgeu, 1, 0x80000000
        TEST_BR2_NOT_TAKEN 32, bgeu, 0, 0xffffffff

        TEST_CASE 33                    # x0 operands, rs1 == rs2, and no register is written
        li x14, 0x1234
        li x1, -5
        beq x0, x0, 1f
        j fail
1:      bne x0, x0, 8f
        blt x1, x0, 1f                  # bltz
        j fail
1:      bge x0, x1, 1f                  # blez (x1 <= 0)
        j fail
1:      bltu x0, x1, 1f                 # bnez as unsigned 0 < x1
        j fail
1:      bgeu x0, x1, 8f                 # 0 >= 0xfffffffb unsigned: no
        blt x1, x1, 8f
        bltu x1, x1, 8f
        bge x1, x1, 1f
        j fail
1:      bgeu x1, x1, 1f
        j fail
1:      CHECK 0x1234                    # branches have no destination register
        j 9f
8:      FAIL_CASE                       # a branch that must not be taken
9:

        TEST_CASE 34                    # largest forward offset: +4092 (imm bits 2..11 set)
        li x1, 3
        li x2, 3
        beq x1, x2, 2f
        FAIL_CASE                       # 12 bytes
        .fill 1019, 4, 0x00000013       # nops, skipped
2:      li x14, 1
        CHECK 1

        TEST_CASE 35                    # largest backward offset: -4096 (only imm bit 12 set)
        li x1, 3
        li x2, 4
        j 3f
1:      j 4f                            # target of the backward branch
        .fill 1023, 4, 0x00000013       # nops, skipped
3:      bltu x1, x2, 1b
        FAIL_CASE
4:
        TEST_CASE 36                    # a not-taken far branch falls through
        li x1, 3
        li x2, 4
        li x14, 0
        bgeu x1, x2, 2f
        addi x14, x14, 1
        j 3f
        .fill 1017, 4, 0x00000013
2:      FAIL_CASE
3:      CHECK 1

        TEST_CASE 37                    # a counted loop: a backward branch taken 9 times
        li x1, 10
        li x14, 0
1:      addi x14, x14, 3
        addi x1, x1, -1
        bnez x1, 1b
        CHECK 30

        RVTEST_CODE_END
