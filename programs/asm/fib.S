# fib: recursive Fibonacci, fib(30) = 832040. Branchy, call-heavy benchmark (about 30M instructions).
    .equ N, 30
    .text
    .globl _start
_start:
    la a0, label
    call print_str
    li a0, N
    call fib
    call print_udec
    la a0, newline
    call print_str
    li a0, 0
    call exit

fib:                            # a0 = n -> a0 = fib(n)
    li t0, 2
    blt a0, t0, 1f
    addi sp, sp, -16
    sw ra, 12(sp)
    sw s0, 8(sp)
    sw s1, 4(sp)
    mv s0, a0
    addi a0, a0, -1
    call fib
    mv s1, a0
    addi a0, s0, -2
    call fib
    add a0, a0, s1
    lw ra, 12(sp)
    lw s0, 8(sp)
    lw s1, 4(sp)
    addi sp, sp, 16
1:  ret

    .section .rodata
label:
    .asciz "fib(30) = "
newline:
    .asciz "\n"
