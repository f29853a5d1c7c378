# qsort: quicksort of 200,000 pseudo-random words, comparing through a function pointer (jalr).
# Prints a checksum of the sorted array (sum of a[i] * (i + 1)); a branchy, call-heavy benchmark.
    .equ N, 200000
    .text
    .globl _start
_start:
    la s0, array
    li s1, N
    li t0, 12345                # LCG state
    li t1, 1664525
    li t2, 1013904223
    mv t3, s0
    mv t4, s1
1:  mul t0, t0, t1
    add t0, t0, t2
    sw t0, 0(t3)
    addi t3, t3, 4
    addi t4, t4, -1
    bnez t4, 1b
    mv a0, s0                   # qsort(first, last, cmp)
    slli a1, s1, 2
    add a1, a1, s0
    addi a1, a1, -4
    la a2, less
    call qsort
    li s2, 0                    # checksum
    li t1, 1                    # i + 1
    mv t3, s0
2:  lw t0, 0(t3)
    mul t0, t0, t1
    add s2, s2, t0
    addi t3, t3, 4
    addi t1, t1, 1
    ble t1, s1, 2b
    la a0, label
    call print_str
    mv a0, s2
    call print_hex
    la a0, newline
    call print_str
    li a0, 0
    call exit

less:                           # a0 < a1 (signed) -> 1, else 0
    slt a0, a0, a1
    ret

qsort:                          # a0 = first, a1 = last (inclusive word pointers), a2 = compare
    bgeu a0, a1, 9f
    addi sp, sp, -32
    sw ra, 28(sp)
    sw s0, 24(sp)
    sw s1, 20(sp)
    sw s2, 16(sp)
    sw s3, 12(sp)
    sw s4, 8(sp)
    sw s5, 4(sp)
    mv s0, a0                   # first
    mv s1, a1                   # last
    mv s2, a2                   # compare
    lw s3, 0(s1)                # pivot = *last (Lomuto)
    mv s4, s0                   # store position
    mv s5, s0                   # scan position
1:  bgeu s5, s1, 3f
    lw a0, 0(s5)
    mv a1, s3
    jalr s2
    beqz a0, 2f
    lw t0, 0(s4)
    lw t1, 0(s5)
    sw t1, 0(s4)
    sw t0, 0(s5)
    addi s4, s4, 4
2:  addi s5, s5, 4
    j 1b
3:  lw t0, 0(s4)
    lw t1, 0(s1)
    sw t1, 0(s4)
    sw t0, 0(s1)
    mv a0, s0
    addi a1, s4, -4
    mv a2, s2
    call qsort
    addi a0, s4, 4
    mv a1, s1
    mv a2, s2
    call qsort
    lw ra, 28(sp)
    lw s0, 24(sp)
    lw s1, 20(sp)
    lw s2, 16(sp)
    lw s3, 12(sp)
    lw s4, 8(sp)
    lw s5, 4(sp)
    addi sp, sp, 32
9:  ret

    .section .rodata
label:
    .asciz "qsort checksum: "
newline:
    .asciz "\n"

    .bss
    .balign 4
array:
    .space N * 4
