# Minimal runtime for the assembly samples: print a string, print numbers, exit.
# ABI v1 (docs/abi.md): a7 = 64 write(fd, buf, len), a7 = 93 exit(code).
    .text
    .globl print_str            # a0 = NUL-terminated string -> written to stdout
print_str:
    mv a1, a0
    mv a2, a0
1:  lbu t0, 0(a2)
    beqz t0, 2f
    addi a2, a2, 1
    j 1b
2:  sub a2, a2, a1
    li a0, 1
    li a7, 64
    ecall
    ret

    .globl print_udec           # a0 = unsigned value -> decimal digits on stdout
print_udec:
    addi sp, sp, -16
    addi t1, sp, 12             # digits are written backwards into sp+0 .. sp+11
    mv t2, t1
    li t3, 10
1:  remu t0, a0, t3
    divu a0, a0, t3
    addi t0, t0, 48
    addi t2, t2, -1
    sb t0, 0(t2)
    bnez a0, 1b
    li a0, 1
    mv a1, t2
    sub a2, t1, t2
    li a7, 64
    ecall
    addi sp, sp, 16
    ret

    .globl print_hex            # a0 = value -> "0x" and 8 hex digits on stdout
print_hex:
    addi sp, sp, -16
    li t0, 0x7830               # "0x" little-endian
    sh t0, 0(sp)
    la t3, hex_digits
    li t1, 9                    # digit positions sp+9 down to sp+2
1:  andi t0, a0, 15
    add t0, t0, t3
    lbu t0, 0(t0)
    add t2, sp, t1
    sb t0, 0(t2)
    srli a0, a0, 4
    addi t1, t1, -1
    li t2, 2
    bge t1, t2, 1b
    li a0, 1
    mv a1, sp
    li a2, 10
    li a7, 64
    ecall
    addi sp, sp, 16
    ret

    .globl exit                 # a0 = exit code; does not return
exit:
    li a7, 93
    ecall
1:  j 1b

    .section .rodata
hex_digits:
    .ascii "0123456789abcdef"
