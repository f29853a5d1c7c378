# sieve: counts the primes below 2,000,000 with the sieve of Eratosthenes (148933).
# Memory-bound benchmark: byte loads and stores over a 2 MB array in .bss.
    .equ N, 2000000
    .text
    .globl _start
_start:
    la s0, flags                # flags[i] = 1 means composite
    li s1, N
    li s2, 2                    # i
    li s3, 0                    # count
outer:
    bge s2, s1, done
    add t0, s0, s2
    lbu t1, 0(t0)
    bnez t1, next
    addi s3, s3, 1
    mul t2, s2, s2              # j = i * i (skip when it overflows past N)
    li t4, 46341                # i >= 46341 means i*i >= 2^31: nothing to mark
    bge s2, t4, next
    li t3, 1
mark:
    bge t2, s1, next
    add t0, s0, t2
    sb t3, 0(t0)
    add t2, t2, s2
    j mark
next:
    addi s2, s2, 1
    j outer
done:
    la a0, label
    call print_str
    mv a0, s3
    call print_udec
    la a0, newline
    call print_str
    li a0, 0
    call exit

    .section .rodata
label:
    .asciz "primes below 2000000: "
newline:
    .asciz "\n"

    .bss
flags:
    .space N
