// A progress bar on stderr for long work: rate, elapsed time and an optional
// message. Silent when stderr is not a TTY (logs stay clean) unless forced.
export interface ProgressOptions {
  total?: number;
  unit?: string;
  /** Print even when stderr is not a TTY (one line per update is then avoided: only the final line). */
  quiet?: boolean;
}

export class ProgressBar {
  private readonly start = Date.now();
  private last = 0;
  private current = 0;
  private readonly tty = process.stderr.isTTY === true;
  constructor(private readonly label: string, private readonly options: ProgressOptions = {}) {}

  /** Sets the absolute progress and redraws at most 10 times a second. */
  update(current: number, message = ""): void {
    this.current = current;
    const now = Date.now();
    if (!this.tty || this.options.quiet || now - this.last < 100) return;
    this.last = now;
    process.stderr.write("\r" + this.line(message) + "\u001b[K");
  }

  /** Finishes the bar with a final line (always printed unless quiet). */
  done(message = ""): void {
    if (this.options.quiet) return;
    process.stderr.write((this.tty ? "\r" : "") + this.line(message) + (this.tty ? "\u001b[K" : "") + "\n");
  }

  private line(message: string): string {
    const elapsed = (Date.now() - this.start) / 1000;
    const rate = elapsed > 0 ? this.current / elapsed : 0;
    const unit = this.options.unit ?? "it";
    const total = this.options.total;
    let bar = "";
    if (total && total > 0) {
      const frac = Math.min(1, this.current / total);
      const width = 24;
      const filled = Math.round(frac * width);
      bar = `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${(frac * 100).toFixed(0).padStart(3)}% `;
    }
    // Work that counts nothing (no total, no updates) shows only its time and message.
    if (!total && this.current === 0) return `${this.label} ${elapsed.toFixed(1)}s ${message}`.trimEnd();
    const count = total ? `${this.current}/${total}` : `${this.current}`;
    return `${this.label} ${bar}${count} ${unit} ${formatRate(rate)} ${unit}/s ${elapsed.toFixed(1)}s ${message}`.trimEnd();
  }
}

function formatRate(r: number): string {
  if (r >= 1e6) return (r / 1e6).toFixed(2) + "M";
  if (r >= 1e3) return (r / 1e3).toFixed(1) + "k";
  return r.toFixed(1);
}
