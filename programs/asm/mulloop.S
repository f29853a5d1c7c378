# mulloop: four multiply-accumulate lanes (mul, mulh, mulhu) in one long block, 8M rounds.
# Prints the folded 32-bit state; a CPU-bound benchmark of long basic blocks, no memory traffic.
    .equ ROUNDS, 8000000
    .text
    .globl _start
_start:
    li s0, ROUNDS
    li a0, 1                    # lanes
    li a1, 2
    li a2, 3
    li a3, 4
    li a4, 0x9e3779b1           # multiplier
    li a5, 0x7f4a7c15           # addend
loop:
    mul a0, a0, a4
    add a0, a0, a5
    mul a1, a1, a4
    xor a1, a1, a0
    mulhu t0, a2, a4
    add a2, a2, t0
    addi a2, a2, 1
    mul a3, a3, a2
    add a3, a3, a1
    mulh t1, a0, a3
    xor a1, a1, t1
    addi s0, s0, -1
    bnez s0, loop
    xor s1, a0, a1
    xor s1, s1, a2
    xor s1, s1, a3
    la a0, label
    call print_str
    mv a0, s1
    call print_hex
    la a0, newline
    call print_str
    li a0, 0
    call exit

    .section .rodata
label:
    .asciz "mulloop state: "
newline:
    .asciz "\n"
