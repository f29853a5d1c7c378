# x0 is hardwired to zero: writes of every instruction class are discarded, and x0 reads 0
# immediately afterwards (same basic block), in a later block, as a branch operand and as
# store data.
        .include "macros.inc"
        RVTEST_CODE_BEGIN

        TEST_CASE 1                     # R-type ALU
        li x1, 0x1234
        li x2, 0x4321
        add x0, x1, x2
        add x14, x0, x0
        CHECK 0
        TEST_CASE 2
        li x1, 0x80000000
        li x2, 1
        sub x0, x1, x2
        mv x14, x0
        CHECK 0
        xor x0, x1, x2
        mv x14, x0
        CHECK 0
        or x0, x1, x2
        mv x14, x0
        CHECK 0
        and x0, x1, x1
        mv x14, x0
        CHECK 0
        TEST_CASE 3
        li x1, 0x80000000
        li x2, 3
        sll x0, x2, x2
        mv x14, x0
        CHECK 0
        srl x0, x1, x2
        mv x14, x0
        CHECK 0
        sra x0, x1, x2
        mv x14, x0
        CHECK 0
        slt x0, x1, x2
        mv x14, x0
        CHECK 0
        sltu x0, x2, x1
        mv x14, x0
        CHECK 0
        TEST_CASE 4                     # I-type ALU
        addi x0, x0, 1
        addi x14, x0, 0
        CHECK 0
        TEST_CASE 5
        li x1, -1
        ori x0, x1, 0x7ff
        mv x14, x0
        CHECK 0
        xori x0, x1, 1
        mv x14, x0
        CHECK 0
        andi x0, x1, -1
        mv x14, x0
        CHECK 0
        slti x0, x1, 0
        mv x14, x0
        CHECK 0
        sltiu x0, x0, 1
        mv x14, x0
        CHECK 0
        slli x0, x1, 3
        mv x14, x0
        CHECK 0
        srli x0, x1, 3
        mv x14, x0
        CHECK 0
        srai x0, x1, 3
        mv x14, x0
        CHECK 0
        TEST_CASE 6                     # lui and auipc
        lui x0, 0xfffff
        mv x14, x0
        CHECK 0
        auipc x0, 0x12345
        mv x14, x0
        CHECK 0
        TEST_CASE 7                     # loads of every width
        la x1, nonzero
        lw x0, 0(x1)
        mv x14, x0
        CHECK 0
        lh x0, 0(x1)
        mv x14, x0
        CHECK 0
        lhu x0, 2(x1)
        mv x14, x0
        CHECK 0
        lb x0, 1(x1)
        mv x14, x0
        CHECK 0
        lbu x0, 3(x1)
        mv x14, x0
        CHECK 0
        TEST_CASE 8                     # jal and jalr
        jal x0, 1f
        FAIL_CASE
1:      mv x14, x0
        CHECK 0
        la x1, 1f
        jalr x0, 0(x1)
        FAIL_CASE
1:      mv x14, x0
        CHECK 0
        TEST_CASE 9                     # M extension
        li x1, -7
        li x2, 3
        mul x0, x1, x2
        mv x14, x0
        CHECK 0
        mulh x0, x1, x1
        mv x14, x0
        CHECK 0
        mulhsu x0, x1, x1
        mv x14, x0
        CHECK 0
        mulhu x0, x1, x1
        mv x14, x0
        CHECK 0
        div x0, x1, x2
        mv x14, x0
        CHECK 0
        divu x0, x1, x2
        mv x14, x0
        CHECK 0
        rem x0, x1, x2
        mv x14, x0
        CHECK 0
        remu x0, x1, x2
        mv x14, x0
        CHECK 0
        div x0, x1, x0                  # division by zero into x0
        mv x14, x0
        CHECK 0
        TEST_CASE 10                    # x0 as a branch operand right after a write
        addi x0, x0, 5
        beq x0, zero, 1f
        FAIL_CASE
1:      addi x0, x0, -1
        bltu x0, x0, 2f                 # 0 < 0 is false even after "writing" -1
        j 3f
2:      FAIL_CASE
3:
        TEST_CASE 11                    # x0 read in a later basic block, after a jump
        addi x0, x0, 9
        j 1f
1:      mv x14, x0
        CHECK 0
        TEST_CASE 12                    # x0 as store data after a write
        la x1, scratch
        li x2, -1
        sw x2, 0(x1)
        li x0, 0x55
        sw x0, 0(x1)
        lw x14, 0(x1)
        CHECK 0
        TEST_CASE 13                    # a write to x0 in a loop body, read each iteration
        li x1, 4
        li x14, 0
1:      addi x0, x0, 1
        add x14, x14, x0
        addi x1, x1, -1
        bnez x1, 1b
        CHECK 0
        TEST_CASE 14                    # writing x0 does not disturb x1 or x31
        li x1, 0x11111111
        li x31, 0x31313131
        li x0, 0x12345678
        addi x0, x1, 1
        addi x0, x31, 1
        CHECK_REG x1, 0x11111111
        CHECK_REG x31, 0x31313131

        RVTEST_CODE_END

        .data
        .balign 4
nonzero:
        .word 0x8badf00d
scratch:
        .word 0
