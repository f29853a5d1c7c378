// A one-line progress display on stderr for long runs: only on a terminal, at most once a second.
import { commas } from '../emulator/commas';

export class Progress {
  private readonly started = performance.now();
  private lastDraw = 0;
  private drawn = false;
  private readonly enabled = process.stderr.isTTY === true;

  constructor(private readonly limit: number) {}

  readonly update = (cycles: number): void => {
    if (!this.enabled) return;
    const now = performance.now();
    if (now - this.lastDraw < 1000 || now - this.started < 1000) return;
    this.lastDraw = now;
    const seconds = (now - this.started) / 1000;
    const percent = ((100 * cycles) / this.limit).toFixed(1);
    process.stderr.write(`\r\x1b[K  ${commas(cycles)} cycles (${percent}% of the limit), ${(cycles / seconds / 1e6).toFixed(0)} MIPS`);
    this.drawn = true;
  };

  clear(): void {
    if (this.drawn) process.stderr.write('\r\x1b[K');
  }
}
