# lui: rd = imm20 << 12.  auipc: rd = pc + (imm20 << 12), modulo 2^32.
# The pc of an instruction is taken from the link value of a `jal` just before it, so these
# cases do not depend on the linker; the last few check the usual relocated idioms too.
        .include "macros.inc"
        RVTEST_CODE_BEGIN

        # lui
        TEST_CASE 1
        lui x14, 0
        CHECK 0x00000000
        TEST_CASE 2
        lui x14, 0xfffff
        CHECK 0xfffff000
        TEST_CASE 3
        lui x14, 0x80000
        CHECK 0x80000000
        TEST_CASE 4
        lui x14, 0x7ffff
        CHECK 0x7ffff000
        TEST_CASE 5
        lui x14, 0x00001
        CHECK 0x00001000
        TEST_CASE 6                     # the low 12 bits of rd are cleared, not kept
        li x14, -1
        lui x14, 0x12345
        CHECK 0x12345000
        TEST_CASE 7                     # lui + addi with a negative low part (li idiom)
        lui x14, 0x12345
        addi x14, x14, -1
        CHECK 0x12344fff
        TEST_CASE 8                     # the result is a full 32-bit value: sign bit from imm[19]
        lui x14, 0x80000
        srai x14, x14, 12
        CHECK 0xfff80000
        TEST_CASE 9
        lui x31, 0xabcde
        mv x14, x31
        CHECK 0xabcde000
        TEST_CASE 10                    # lui to x0 is discarded
        lui x0, 0xfffff
        mv x14, x0
        CHECK 0

        # auipc
        TEST_CASE 11
        jal x7, 1f
1:      auipc x14, 0                    # pc of this auipc
        CHECK_A4_T2
        TEST_CASE 12
        jal x7, 1f
1:      auipc x14, 1
        sub x14, x14, x7
        CHECK 0x00001000
        TEST_CASE 13
        jal x7, 1f
1:      auipc x14, 0xfffff              # pc - 0x1000
        sub x14, x14, x7
        CHECK 0xfffff000
        TEST_CASE 14
        jal x7, 1f
1:      auipc x14, 0x80000              # pc + 0x80000000 wraps modulo 2^32
        sub x14, x14, x7
        CHECK 0x80000000
        TEST_CASE 15
        jal x7, 1f
1:      auipc x14, 0x7ffff
        sub x14, x14, x7
        CHECK 0x7ffff000
        TEST_CASE 16                    # pc-relative: the same auipc 12 bytes later gives pc + 12
        auipc x1, 0
        nop
        nop
        auipc x2, 0
        sub x14, x2, x1
        CHECK 12
        TEST_CASE 17                    # rd = x31
        jal x7, 1f
1:      auipc x31, 0x10
        sub x14, x31, x7
        CHECK 0x00010000
        TEST_CASE 18                    # auipc to x0 is discarded
        auipc x0, 0x12345
        mv x14, x0
        CHECK 0

        # relocated idioms: all three ways to take an address agree
        TEST_CASE 19                    # la (auipc + addi, pc-relative) vs the jal link value
        jal x7, 1f
1:      la x14, 1b
        CHECK_A4_T2
        TEST_CASE 20                    # lui %hi + addi %lo (absolute) vs la
        la x7, far_word
        lui x14, %hi(far_word)
        addi x14, x14, %lo(far_word)
        CHECK_A4_T2
        TEST_CASE 21                    # auipc %pcrel_hi + lw %pcrel_lo
1:      auipc x14, %pcrel_hi(far_word)
        lw x14, %pcrel_lo(1b)(x14)
        CHECK 0x600dcafe
        TEST_CASE 22                    # lui %hi + lw %lo
        lui x14, %hi(far_word)
        lw x14, %lo(far_word)(x14)
        CHECK 0x600dcafe

        RVTEST_CODE_END

        .data
        .balign 4
        .skip 0x900                     # so that %lo(far_word) is likely to be negative
far_word:
        .word 0x600dcafe
