# hello: the first sample. Prints a greeting and a computed value, exits with code 0.
    .text
    .globl _start
_start:
    la a0, greeting
    call print_str
    li a0, 6
    li a1, 7
    mul a0, a0, a1
    call print_udec
    la a0, newline
    call print_str
    li a0, 0
    call exit

    .section .rodata
greeting:
    .asciz "Hello from rv32im! 6 * 7 = "
newline:
    .asciz "\n"
