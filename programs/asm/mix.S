# mix: a hashing-style loop of long basic blocks (xorshift, multiply, rotate), 2M rounds.
# Prints the final 32-bit state; a CPU-bound benchmark with no memory traffic.
    .equ ROUNDS, 2000000
    .text
    .globl _start
_start:
    li s0, ROUNDS
    li a0, 0x9e3779b9           # state
    li a1, 0x85ebca6b           # multiplier
    li a2, 0
loop:
    slli t0, a0, 13
    xor a0, a0, t0
    srli t0, a0, 17
    xor a0, a0, t0
    slli t0, a0, 5
    xor a0, a0, t0
    mul t1, a0, a1
    mulhu t2, a0, a1
    xor a2, a2, t1
    add a2, a2, t2
    srli t0, a2, 19             # rotate a2 left by 13
    slli a2, a2, 13
    or a2, a2, t0
    sub a0, a0, a2
    addi s0, s0, -1
    bnez s0, loop
    xor s1, a0, a2
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
    .asciz "mix state: "
newline:
    .asciz "\n"
