// The host side of CSR 0x7C0 writes: Airbender's "quasi-UART". A debug print is the word sequence
// 0xFFFFFFFF, N (the words that follow), the byte length L, then N - 1 data words holding L bytes
// little-endian; any other word written while idle is ignored.

const HELLO = 0xffffffff;

type State =
  | { readonly phase: 'ready' }
  | { readonly phase: 'buffering'; words: number | undefined; bytes: number | undefined; buffer: number[] };

/** Decodes the stream of words the guest writes to CSR 0x7C0 into complete messages. */
export class QuasiUart {
  private state: State = { phase: 'ready' };
  /** messages completed so far */
  readonly messages: Uint8Array[] = [];

  /** Takes one written word; returns the message it completes, if it does. */
  write(value: number): Uint8Array | undefined {
    const word = value >>> 0;
    const s = this.state;
    if (s.phase === 'ready') {
      if (word === HELLO) this.state = { phase: 'buffering', words: undefined, bytes: undefined, buffer: [] };
      return undefined;
    }
    if (s.words === undefined) {
      s.words = word;
      s.buffer = [];
      return undefined;
    }
    if (s.bytes === undefined) {
      s.words -= 1; // the length word counts among the N
      s.bytes = word;
      return undefined;
    }
    if (s.words > 0) {
      s.words -= 1;
      const take = Math.min(4, s.bytes);
      for (let i = 0; i < take; i++) s.buffer.push((word >>> (8 * i)) & 0xff);
      s.bytes -= take;
    }
    if (s.words !== 0) return undefined;
    const message = Uint8Array.from(s.buffer);
    this.messages.push(message);
    this.state = { phase: 'ready' };
    return message;
  }
}
