# bytecode: a tiny stack machine interpreter (jump-table dispatch through jalr) running a loop of
# 300,000 iterations: sum = ((sum + i * i) ^ 0x5bd1e9) for i < N. Branchy, indirect jumps.
    .equ N, 300000
    .equ OP_PUSH, 0
    .equ OP_LOAD, 1
    .equ OP_STORE, 2
    .equ OP_ADD, 3
    .equ OP_MUL, 4
    .equ OP_XOR, 5
    .equ OP_LT, 6
    .equ OP_JZ, 7
    .equ OP_JMP, 8
    .equ OP_HALT, 9
    .text
    .globl _start
_start:
    la s0, code                 # bytecode pc
    la s1, stack                # stack pointer (grows up; s1 points at the next free word)
    la s2, vars
    la s3, handlers
dispatch:
    lw t0, 0(s0)                # word = operand << 8 | opcode
    addi s0, s0, 4
    andi t1, t0, 255
    srai t0, t0, 8              # operand
    slli t1, t1, 2
    add t1, t1, s3
    lw t1, 0(t1)
    jr t1

op_push:
    sw t0, 0(s1)
    addi s1, s1, 4
    j dispatch
op_load:
    slli t0, t0, 2
    add t0, t0, s2
    lw t0, 0(t0)
    sw t0, 0(s1)
    addi s1, s1, 4
    j dispatch
op_store:
    addi s1, s1, -4
    lw t1, 0(s1)
    slli t0, t0, 2
    add t0, t0, s2
    sw t1, 0(t0)
    j dispatch
op_add:
    addi s1, s1, -4
    lw t1, 0(s1)
    lw t2, -4(s1)
    add t2, t2, t1
    sw t2, -4(s1)
    j dispatch
op_mul:
    addi s1, s1, -4
    lw t1, 0(s1)
    lw t2, -4(s1)
    mul t2, t2, t1
    sw t2, -4(s1)
    j dispatch
op_xor:
    addi s1, s1, -4
    lw t1, 0(s1)
    lw t2, -4(s1)
    xor t2, t2, t1
    sw t2, -4(s1)
    j dispatch
op_lt:
    addi s1, s1, -4
    lw t1, 0(s1)
    lw t2, -4(s1)
    slt t2, t2, t1
    sw t2, -4(s1)
    j dispatch
op_jz:                          # operand = target index in words
    addi s1, s1, -4
    lw t1, 0(s1)
    bnez t1, dispatch
    la s0, code
    slli t0, t0, 2
    add s0, s0, t0
    j dispatch
op_jmp:
    la s0, code
    slli t0, t0, 2
    add s0, s0, t0
    j dispatch
op_halt:
    lw s4, -4(s1)
    la a0, label
    call print_str
    mv a0, s4
    call print_hex
    la a0, newline
    call print_str
    li a0, 0
    call exit

    .section .rodata
    .balign 4
handlers:
    .word op_push, op_load, op_store, op_add, op_mul, op_xor, op_lt, op_jz, op_jmp, op_halt
#define-free encoding: (operand << 8) | opcode
code:
    .word (0 << 8) | OP_PUSH            # 0: sum = 0
    .word (0 << 8) | OP_STORE
    .word (0 << 8) | OP_PUSH            # 2: i = 0
    .word (1 << 8) | OP_STORE
    .word (1 << 8) | OP_LOAD            # 4: loop: if !(i < N) goto end
    .word (N << 8) | OP_PUSH
    .word OP_LT
    .word (22 << 8) | OP_JZ
    .word (0 << 8) | OP_LOAD            # 8: sum = (sum + i * i) ^ K
    .word (1 << 8) | OP_LOAD
    .word (1 << 8) | OP_LOAD
    .word OP_MUL
    .word OP_ADD
    .word (0x5bd1e9 << 8) | OP_PUSH
    .word OP_XOR
    .word (0 << 8) | OP_STORE
    .word (1 << 8) | OP_LOAD            # 16: i = i + 1
    .word (1 << 8) | OP_PUSH
    .word OP_ADD
    .word (1 << 8) | OP_STORE
    .word (4 << 8) | OP_JMP             # 20
    .word OP_HALT                       # 21 (not reached)
    .word (0 << 8) | OP_LOAD            # 22: end: push sum, halt
    .word OP_HALT
label:
    .asciz "bytecode result: "
newline:
    .asciz "\n"

    .bss
    .balign 4
vars:
    .space 16
stack:
    .space 256
