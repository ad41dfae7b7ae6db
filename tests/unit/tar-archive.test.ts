/** The ustar writer, read back by the GNU tar CLI (Debian's tar): listing, contents, modes, mtimes. */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createTar } from "@/lib/archive/tar";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bunker-tar-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const tar = (args: string[], cwd = tmp): Buffer => execFileSync("tar", args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
const write = (name: string, buf: Buffer): string => {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, buf);
  return p;
};

describe("createTar", () => {
  const mtime = new Date("2025-01-31T12:34:56Z");
  const binary = randomBytes(1000);
  const archive = createTar([
    { name: "README.md", content: "# Hello\n\nünïcödé text\n", mtime },
    { name: "bunker-prod.key", content: "AGE-SECRET-KEY-1EXAMPLE\n", mode: 0o600, mtime },
    { name: "empty.txt", content: "", mtime },
    { name: "exact-512.bin", content: Buffer.alloc(512, 7), mtime },
    { name: "dir/nested.bin", content: binary, mtime },
  ]);
  const file = write("kit.tar", archive);

  it("is whole 512-byte blocks padded to a 10 KiB record, ending in zero blocks", () => {
    expect(archive.length % 10_240).toBe(0);
    expect(archive.subarray(257, 263).toString("latin1")).toBe("ustar\0");
  });

  it("lists every entry in order with tar -tf", () => {
    expect(tar(["-tf", file]).toString("utf8").trim().split("\n")).toEqual(["README.md", "bunker-prod.key", "empty.txt", "exact-512.bin", "dir/nested.bin"]);
  });

  it("gives back each file's exact bytes with tar -xOf", () => {
    expect(tar(["-xOf", file, "README.md"]).toString("utf8")).toBe("# Hello\n\nünïcödé text\n");
    expect(tar(["-xOf", file, "bunker-prod.key"]).toString("utf8")).toBe("AGE-SECRET-KEY-1EXAMPLE\n");
    expect(tar(["-xOf", file, "empty.txt"]).length).toBe(0);
    expect(tar(["-xOf", file, "exact-512.bin"]).equals(Buffer.alloc(512, 7))).toBe(true);
    expect(tar(["-xOf", file, "dir/nested.bin"]).equals(binary)).toBe(true);
  });

  it("keeps modes and modification times when extracted", () => {
    const out = fs.mkdtempSync(path.join(tmp, "x-"));
    execFileSync("tar", ["-xf", file, "-C", out], { stdio: ["ignore", "pipe", "pipe"] });
    const key = fs.statSync(path.join(out, "bunker-prod.key"));
    expect(key.mode & 0o777).toBe(0o600);
    expect(key.mtime.toISOString()).toBe("2025-01-31T12:34:56.000Z");
    expect(fs.statSync(path.join(out, "README.md")).mode & 0o777).toBe(0o644);
  });

  it("has valid header checksums: verbose listing reports no warning", () => {
    const r = execFileSync("tar", ["-tvf", file, "--warning=all"], { cwd: tmp, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    expect(r).toMatch(/-rw------- bunker\/bunker\s+24 \d{4}-\d\d-\d\d \d\d:\d\d bunker-prod\.key/);
  });

  it("writes an empty archive that tar accepts", () => {
    const empty = createTar([]);
    expect(empty.length).toBe(10_240);
    expect(tar(["-tf", write("empty.tar", empty)]).toString()).toBe("");
  });

  it("refuses names a reader could misplace or could not store", () => {
    expect(() => createTar([{ name: "../evil", content: "" }])).toThrow(/relative path/);
    expect(() => createTar([{ name: "/etc/passwd", content: "" }])).toThrow(/relative path/);
    expect(() => createTar([{ name: "a//b", content: "" }])).toThrow(/relative path/);
    expect(() => createTar([{ name: "", content: "" }])).toThrow(/1 to 100 bytes/);
    expect(() => createTar([{ name: "x".repeat(101), content: "" }])).toThrow(/1 to 100 bytes/);
    expect(() => createTar([{ name: "naïve.txt", content: "" }])).toThrow(/ASCII/);
    expect(() => createTar([{ name: "a.txt", content: "" }, { name: "a.txt", content: "" }])).toThrow(/duplicate/);
  });
});
