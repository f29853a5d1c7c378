# hashtable: open addressing (linear probing) in 65,536 slots; inserts 40,000 pseudo-random keys,
# then looks up 2,000,000 keys of the same stream and prints how many were found. Branchy, calls.
    .equ INSERTS, 40000
    .equ LOOKUPS, 2000000
    .text
    .globl _start
_start:
    li s0, 12345                # LCG state
    li s1, INSERTS
1:  call next_key
    call insert
    addi s1, s1, -1
    bnez s1, 1b
    li s0, 12345                # the same stream again, much longer
    li s1, LOOKUPS
    li s2, 0                    # hits
2:  call next_key
    call lookup
    add s2, s2, a0
    addi s1, s1, -1
    bnez s1, 2b
    la a0, label
    call print_str
    mv a0, s2
    call print_udec
    la a0, newline
    call print_str
    li a0, 0
    call exit

next_key:                       # s0 = s0 * 1664525 + 1013904223; a0 = s0 | 1 (keys are never 0)
    li t0, 1664525
    mul s0, s0, t0
    li t0, 1013904223
    add s0, s0, t0
    ori a0, s0, 1
    ret

hash:                           # a0 = key -> a0 = slot (Fibonacci hashing, top 16 bits)
    li t0, 0x9e3779b1
    mul a0, a0, t0
    srli a0, a0, 16
    ret

slot_of:                        # a0 = key -> a0 = address of its slot or of the empty slot where it goes
    addi sp, sp, -16
    sw ra, 12(sp)
    sw a0, 8(sp)
    call hash
    lw t5, 8(sp)
    la t1, table
    li t3, 0xffff
1:  slli t2, a0, 2
    add t2, t2, t1
    lw t4, 0(t2)
    beqz t4, 2f
    beq t4, t5, 2f
    addi a0, a0, 1
    and a0, a0, t3
    j 1b
2:  mv a0, t2
    lw ra, 12(sp)
    addi sp, sp, 16
    ret

insert:                         # a0 = key
    addi sp, sp, -16
    sw ra, 12(sp)
    sw a0, 8(sp)
    call slot_of
    lw t0, 8(sp)
    sw t0, 0(a0)
    lw ra, 12(sp)
    addi sp, sp, 16
    ret

lookup:                         # a0 = key -> a0 = 1 when present
    addi sp, sp, -16
    sw ra, 12(sp)
    call slot_of
    lw a0, 0(a0)
    snez a0, a0
    lw ra, 12(sp)
    addi sp, sp, 16
    ret

    .section .rodata
label:
    .asciz "hashtable hits: "
newline:
    .asciz "\n"

    .bss
    .balign 4
table:
    .space 65536 * 4
