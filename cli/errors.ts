// Errors the CLI reports as one clear line (no stack trace), and the process exit codes it uses.

/** Exit statuses of `zkos` (docs/cli.md). A guest's own exit code passes through modulo 256. */
export const EXIT = {
  /** a command failed for a reason outside the guest: internal error */
  INTERNAL: 1,
  /** bad usage or bad input: unreadable or malformed file, bad option value */
  BAD_INPUT: 2,
  /** the cycle limit was reached (as timeout(1)) */
  CYCLE_LIMIT: 124,
  /** the guest trapped (illegal instruction, misaligned or out-of-bounds access, ebreak, bad ecall) */
  TRAP: 134,
} as const;

/** A problem with what the user gave us; printed as `zkos: error: <message>`, exit status 2. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.BAD_INPUT,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
