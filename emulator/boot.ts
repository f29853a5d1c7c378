// Machine boot: guest memory sized and filled from a Program, pc at the entry, sp at the top of
// memory (see docs/memory-map.md). Rejects programs that do not fit with a LoadError.
import { LoadError, type Program, type Segment } from './loader/program';
import { Machine } from './machine';
import { DEFAULT_MEMORY_SIZE, MAX_MEMORY_SIZE, Memory, PAGE_SIZE } from './memory';

export interface BootOptions {
  /** guest memory in bytes: a multiple of 4096 up to 2 GiB (default 128 MiB) */
  readonly memorySize?: number;
}

/** Register x2: the stack pointer. */
export const SP = 2;

const hex = (n: number): string => `0x${n.toString(16)}`; // n is a non-negative offset or address
const hex8 = (n: number): string => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;

/** A size in bytes for people: `128 MiB`, `64 KiB`, `4100 bytes`. */
export function formatSize(bytes: number): string {
  for (const [unit, scale] of [['GiB', 1024 ** 3], ['MiB', 1024 ** 2], ['KiB', 1024]] as const) {
    if (bytes >= scale && bytes % scale === 0) return `${bytes / scale} ${unit}`;
  }
  return `${bytes} bytes`;
}

/** Fresh machine with the program's segments copied in, pc = entry, sp = memory size. */
export function bootMachine(program: Program, options: BootOptions = {}): Machine {
  const memory = createMemory(options.memorySize ?? DEFAULT_MEMORY_SIZE);
  program.segments.forEach((segment, index) => checkFits(segment, index, memory.size));
  checkEntry(program.entry, memory.size);
  for (const segment of program.segments) memory.u8.set(segment.data, segment.address); // rest stays zero
  const machine = new Machine(memory);
  machine.pc = program.entry;
  machine.regs[SP] = memory.size; // 0x80000000 (2 GiB) wraps to a negative int32: same bits
  return machine;
}

function createMemory(size: number): Memory {
  try {
    return new Memory(size);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new LoadError(
      `invalid guest memory size ${size}: it must be a multiple of ${PAGE_SIZE} bytes between ${formatSize(PAGE_SIZE)} and ${formatSize(MAX_MEMORY_SIZE)} (--memory)`,
    );
  }
}

function checkFits(segment: Segment, index: number, size: number): void {
  const end = segment.address + segment.memorySize;
  if (segment.data.length > segment.memorySize) {
    throw new LoadError(`segment ${index} holds ${segment.data.length} bytes of data but only ${segment.memorySize} bytes of memory`);
  }
  if (segment.address < 0 || end > size) {
    throw new LoadError(
      `segment ${index} [${hex(segment.address)}, ${hex(end)}) does not fit in guest memory [0, ${hex(size)}) (${formatSize(size)}): give more with --memory`,
    );
  }
}

function checkEntry(entry: number, size: number): void {
  if (entry % 4 !== 0) throw new LoadError(`entry point ${hex(entry)} is not 4-byte aligned`);
  if (entry + 4 > size) {
    throw new LoadError(`entry point ${hex(entry)} is outside guest memory [0, ${hex(size)}) (${formatSize(size)})`);
  }
}

/** The memory map of a machine with `size` bytes of RAM, one line per region, for people. */
export function describeMemoryMap(size: number = DEFAULT_MEMORY_SIZE): string {
  return [
    `RAM    [0x00000000, ${hex8(size)}) ${formatSize(size)}, readable/writable/executable, zero-filled`,
    `       program segments load where their PT_LOAD headers say; flat images load at 0x00000000`,
    `stack  grows down from ${hex(size)} (initial sp = memory size); pc = entry; other registers 0`,
    `other  accesses outside RAM trap; misaligned accesses trap`,
  ].join('\n');
}
