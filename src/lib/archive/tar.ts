/**
 * A minimal POSIX ustar writer for small, in-memory archives (the recovery kit): regular files only,
 * no dependencies. Each file is a 512-byte header followed by its bytes padded to 512; the archive ends
 * with two zero blocks and is padded to a whole 10 KiB record, as GNU tar and bsdtar write it.
 */

export type TarEntry = {
  /** A relative path of plain ASCII, at most 100 bytes, no ".." segment */
  name: string;
  content: Uint8Array | string;
  /** Permission bits; 0o644 by default */
  mode?: number;
  /** Modification time; now by default */
  mtime?: Date;
};

const BLOCK = 512;
const RECORD = 20 * BLOCK;

/** Throws a TypeError unless `name` is safe for any tar reader to extract in place. */
const assertName = (name: string): void => {
  if (!name || Buffer.byteLength(name, "utf8") > 100) throw new TypeError(`tar entry name must be 1 to 100 bytes: ${JSON.stringify(name)}`);
  if (!/^[\x21-\x7e ]+$/.test(name)) throw new TypeError(`tar entry name must be printable ASCII: ${JSON.stringify(name)}`);
  if (name.startsWith("/") || name.split("/").some((seg) => seg === ".." || seg === "")) {
    throw new TypeError(`tar entry name must be a relative path without "..": ${JSON.stringify(name)}`);
  }
};

/** An octal number, zero-padded to fill `width - 1` digits and NUL-terminated, as ustar wants. */
const octal = (value: number, width: number): string => {
  const digits = Math.floor(value).toString(8);
  if (digits.length > width - 1) throw new RangeError(`${value} does not fit a ${width}-byte tar field`);
  return `${digits.padStart(width - 1, "0")}\0`;
};

const header = (name: string, size: number, mode: number, mtime: Date): Buffer => {
  const h = Buffer.alloc(BLOCK, 0);
  const put = (offset: number, text: string) => h.write(text, offset, "ascii");
  put(0, name); // name[100]
  put(100, octal(mode & 0o7777, 8)); // mode
  put(108, octal(0, 8)); // uid
  put(116, octal(0, 8)); // gid
  put(124, octal(size, 12)); // size
  put(136, octal(Math.max(0, Math.floor(mtime.getTime() / 1000)), 12)); // mtime
  put(148, "        "); // chksum: spaces while summing
  put(156, "0"); // typeflag: regular file
  put(257, "ustar\0"); // magic
  put(263, "00"); // version
  put(265, "bunker"); // uname[32]
  put(297, "bunker"); // gname[32]
  let sum = 0;
  for (const byte of h) sum += byte;
  put(148, `${sum.toString(8).padStart(6, "0")}\0 `);
  return h;
};

/** The whole archive as one buffer. Entry names must be unique. */
export const createTar = (entries: readonly TarEntry[]): Buffer => {
  const seen = new Set<string>();
  const parts: Buffer[] = [];
  for (const e of entries) {
    assertName(e.name);
    if (seen.has(e.name)) throw new TypeError(`duplicate tar entry: ${e.name}`);
    seen.add(e.name);
    const body = typeof e.content === "string" ? Buffer.from(e.content, "utf8") : Buffer.from(e.content);
    parts.push(header(e.name, body.length, e.mode ?? 0o644, e.mtime ?? new Date()), body);
    const pad = (BLOCK - (body.length % BLOCK)) % BLOCK;
    if (pad) parts.push(Buffer.alloc(pad, 0));
  }
  parts.push(Buffer.alloc(2 * BLOCK, 0));
  const length = parts.reduce((n, p) => n + p.length, 0);
  const tail = (RECORD - (length % RECORD)) % RECORD;
  if (tail) parts.push(Buffer.alloc(tail, 0));
  return Buffer.concat(parts);
};
