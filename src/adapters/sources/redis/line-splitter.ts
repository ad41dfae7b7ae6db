/**
 * Splits a byte stream into lines without ever holding more than the current line: chunks go in, the
 * complete lines they finish come out (without "\n" or "\r\n"). Pure, no I/O.
 */
import { AdapterError } from "../../errors";

/** base64 of Redis' largest value (512 MB) is ~683 MB; anything longer is not a line of ours */
export const MAX_LINE_BYTES = 768 * 1024 * 1024;

const NL = 0x0a;
const CR = 0x0d;

const stripCr = (b: Buffer): Buffer => (b.length && b[b.length - 1] === CR ? b.subarray(0, b.length - 1) : b);

export class LineSplitter {
  private parts: Buffer[] = [];
  private size = 0;

  constructor(private readonly maxLineBytes = MAX_LINE_BYTES) {}

  push(chunk: Buffer): Buffer[] {
    const lines: Buffer[] = [];
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(NL, start);
      if (nl < 0) break;
      const piece = chunk.subarray(start, nl);
      this.check(this.size + piece.length);
      const line = this.size ? Buffer.concat([...this.parts, piece], this.size + piece.length) : piece;
      this.parts = [];
      this.size = 0;
      lines.push(stripCr(line));
      start = nl + 1;
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      this.check(this.size + rest.length);
      this.parts.push(rest);
      this.size += rest.length;
    }
    return lines;
  }

  /** What followed the last newline (empty for input that ends with one). */
  end(): Buffer {
    const rest = Buffer.concat(this.parts, this.size);
    this.parts = [];
    this.size = 0;
    return stripCr(rest);
  }

  private check(n: number) {
    if (n > this.maxLineBytes) throw new AdapterError("FAILED", `a line of the backup is longer than ${Math.round(this.maxLineBytes / 1024 / 1024)} MB: the file is damaged`);
  }
}
