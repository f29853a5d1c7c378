# ecall write (a7 = 64): write(fd = a0, buf = a1, len = a2) returns the byte count in a0 for
# fd 1 (stdout) and 2 (stderr), and -9 (-EBADF) for any other fd. Only a0 changes; execution
# continues at the instruction after the ecall.
#
# expect-stdout: "hello from rv32im\nabcd\nX marks the spot\n"
# expect-stderr: "to stderr\n"
        .include "macros.inc"

# a0 = write(fd, buf, len); checks a0 == expected
.macro TEST_WRITE n, fd, buf, len, expected
        TEST_CASE \n
        li a0, \fd
        la a1, \buf
        li a2, \len
        li a7, 64
        ecall
        CHECK_REG a0, \expected
.endm

# lengths of the strings below (llvm-mc's li takes only plain numbers)
        .equ hello_len, 18
        .equ err_len, 10
        .equ spot_len, 17

        .section .rodata
hello:
        .ascii "hello from rv32im\n"
err:
        .ascii "to stderr\n"
ab:
        .ascii "ab"
cd:
        .ascii "cd\n"

        .data
spot:
        .ascii "? marks the spot\n"

        RVTEST_CODE_BEGIN

        TEST_WRITE 1, 1, hello, hello_len, hello_len
        TEST_WRITE 2, 2, err, err_len, err_len
        TEST_WRITE 3, 1, hello, 0, 0                    # zero length: nothing written
        TEST_WRITE 4, 3, hello, hello_len, -9           # EBADF
        TEST_WRITE 5, 1000, hello, hello_len, -9
        TEST_WRITE 6, -1, hello, hello_len, -9
        TEST_WRITE 7, 1, ab, 2, 2                       # two writes are concatenated
        TEST_WRITE 8, 1, cd, 3, 3

        TEST_CASE 9                                     # null buffer with zero length
        li a0, 1
        li a1, 0
        li a2, 0
        li a7, 64
        ecall
        CHECK_REG a0, 0

        TEST_CASE 10                                    # write sees memory as stored just before
        la x1, spot
        li x2, 'X'
        sb x2, 0(x1)
        li a0, 1
        mv a1, x1
        li a2, spot_len
        li a7, 64
        ecall
        CHECK_REG a0, spot_len

        TEST_CASE 11                                    # every register but a0 is preserved
        li x1, 0x01010101
        li x2, 0x02020202
        li x4, 0x04040404
        li x5, 0x05050505
        li x8, 0x08080808
        li x13, 0x0d0d0d0d
        li x15, 0x0f0f0f0f
        li x16, 0x10101010
        li x18, 0x12121212
        li x31, 0x1f1f1f1f
        li a0, 7                                        # bad fd: no output
        la a1, hello
        li a2, 5
        li a7, 64
        ecall
        CHECK_REG a0, -9
        la x7, hello
        mv x14, a1
        CHECK_A4_T2
        CHECK_REG a2, 5
        CHECK_REG a7, 64
        CHECK_REG x1, 0x01010101
        CHECK_REG x2, 0x02020202
        CHECK_REG x4, 0x04040404
        CHECK_REG x5, 0x05050505
        CHECK_REG x8, 0x08080808
        CHECK_REG x13, 0x0d0d0d0d
        CHECK_REG x15, 0x0f0f0f0f
        CHECK_REG x16, 0x10101010
        CHECK_REG x18, 0x12121212
        CHECK_REG x31, 0x1f1f1f1f

        TEST_CASE 12                                    # execution continues right after ecall
        li x14, 0
        li a0, 3
        li a7, 64
        ecall
        addi x14, x14, 1
        ecall
        addi x14, x14, 1
        CHECK 2

        RVTEST_CODE_END

