// Airbender's input file format: hex text, every 8 characters one u32 word (big-endian digits, as
// `{:08X}` writes them), surrounding whitespace trimmed. Parsed into the words CSR 0x7C0 reads.

/** A malformed input file: the message says what and where. */
export class AirbenderInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AirbenderInputError';
  }
}

const HEX_WORD = /^[0-9a-fA-F]{8}$/;

/** The words of an input file's text, in order. Empty text (after trimming) is no input. */
export function parseAirbenderInput(text: string): Uint32Array {
  const hex = text.trim();
  if (hex.length % 8 !== 0) {
    throw new AirbenderInputError(
      `input is ${hex.length} hex characters, not a multiple of 8: every 8 characters are one 32-bit word (no 0x prefix, no separators)`,
    );
  }
  const words = new Uint32Array(hex.length / 8);
  for (let i = 0; i < words.length; i++) {
    const chunk = hex.slice(8 * i, 8 * i + 8);
    if (!HEX_WORD.test(chunk)) {
      const bad = chunk.search(/[^0-9a-fA-F]/);
      const at = 8 * i + bad;
      throw new AirbenderInputError(
        `input word ${i} ('${chunk}') is not hexadecimal: character ${JSON.stringify(hex[at])} at offset ${at}`,
      );
    }
    words[i] = Number.parseInt(chunk, 16);
  }
  return words;
}

/** The inverse, as Airbender's CLI writes such files: `{:08X}` per word, no separators. */
export function formatAirbenderInput(words: ArrayLike<number>): string {
  return Array.from(words, (w) => (w >>> 0).toString(16).toUpperCase().padStart(8, '0')).join('');
}
