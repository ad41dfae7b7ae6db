import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { localDestination } from "@/adapters/destinations/local";
import { type LocalConfig, localConfig } from "@/adapters/destinations/local/config";
import { isAdapterError } from "@/adapters/errors";
import type { AdapterContext, ArtifactWriter } from "@/adapters/types";

const ctx: AdapterContext = { tmpDir: os.tmpdir() };
const MiB = 1024 * 1024;

const streamSha = async (s: Readable): Promise<{ sha: string; size: number }> => {
  const h = createHash("sha256");
  let size = 0;
  for await (const c of s) {
    h.update(c as Buffer);
    size += (c as Buffer).length;
  }
  return { sha: h.digest("hex"), size };
};

const writeRandom = async (w: ArtifactWriter, total: number, chunk = 64 * 1024): Promise<string> => {
  const h = createHash("sha256");
  for (let left = total; left > 0; left -= chunk) {
    const b = randomBytes(Math.min(chunk, left));
    h.update(b);
    if (!w.stream.write(b)) await new Promise((r) => w.stream.once("drain", r));
  }
  return h.digest("hex");
};

const expectAdapterError = async (p: Promise<unknown>, code: string, message?: RegExp | string) => {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(isAdapterError(e), `expected an AdapterError, got ${String(e)}`).toBe(true);
  expect((e as { code: string }).code).toBe(code);
  if (typeof message === "string") expect((e as Error).message).toBe(message);
  else if (message) expect((e as Error).message).toMatch(message);
};

/** Everything under a directory, relative: files, symlinks and (with a trailing /) directories. */
const tree = async (dir: string): Promise<string[]> => {
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const e of await fs.readdir(d, { withFileTypes: true }).catch(() => [])) {
      const rel = path.relative(dir, path.join(d, e.name));
      if (e.isDirectory()) {
        out.push(`${rel}/`);
        await walk(path.join(d, e.name));
      } else out.push(rel);
    }
  };
  await walk(dir);
  return out.sort();
};

describe("local destination", () => {
  let root: string;
  let base: string;
  let outside: string;
  let config: LocalConfig;

  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), "bunker-local-"));
    outside = path.join(root, "outside");
    await fs.mkdir(outside);
  });

  beforeEach(async () => {
    base = path.join(root, `backups-${randomBytes(3).toString("hex")}`); // does not exist yet
    config = localConfig.parse({ path: base });
  });

  afterAll(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it("test() creates the directory, reports it writable and leaves nothing behind", async () => {
    const r = await localDestination.test(config, ctx);
    expect(r).toMatchObject({ ok: true, details: expect.stringMatching(new RegExp(`^writable: ${base} \\(.* free\\)$`)) });
    expect(await tree(base)).toEqual([]);
  });

  it("streams a few MB in chunks; lists, reads back the same bytes, stats and deletes", async () => {
    const key = "job1/2024-01-01/db.dump.zst";
    const w = await localDestination.openWriter(config, key, ctx);
    const sha = await writeRandom(w, 4 * MiB + 99, 60_000);
    expect(await w.commit()).toEqual({ size: 4 * MiB + 99 });

    expect(await tree(base)).toEqual(["job1/", "job1/2024-01-01/", key]);
    expect((await fs.stat(path.join(base, key))).mode & 0o777).toBe(0o640);
    expect(await streamSha(await localDestination.read(config, key, ctx))).toEqual({ sha, size: 4 * MiB + 99 });
    const listed = await localDestination.list(config, "", ctx);
    expect(listed.map((o) => [o.key, o.size])).toEqual([[key, 4 * MiB + 99]]);
    expect(Math.abs(listed[0]!.modifiedAt.getTime() - Date.now())).toBeLessThan(60_000);
    expect(await localDestination.stat(config, key, ctx)).toMatchObject({ key, size: 4 * MiB + 99 });

    await localDestination.delete(config, key, ctx);
    await localDestination.delete(config, key, ctx); // idempotent
    expect(await localDestination.stat(config, key, ctx)).toBeNull();
    expect(await tree(base)).toEqual([]); // the emptied date directories went too; the base stays
  });

  it("stores a 0-byte object", async () => {
    const w = await localDestination.openWriter(config, "empty.bin", ctx);
    expect(await w.commit()).toEqual({ size: 0 });
    expect(await localDestination.stat(config, "empty.bin", ctx)).toMatchObject({ size: 0 });
    expect((await streamSha(await localDestination.read(config, "empty.bin", ctx))).size).toBe(0);
  });

  it("nothing is visible before commit; a commit replaces an existing file", async () => {
    const w = await localDestination.openWriter(config, "v/a.bin", ctx);
    await writeRandom(w, 200 * 1024);
    w.stream.end();
    await new Promise((r) => setTimeout(r, 50));
    expect(await localDestination.list(config, "", ctx)).toEqual([]);
    expect(await localDestination.stat(config, "v/a.bin", ctx)).toBeNull();
    const pending = await tree(base);
    expect(pending).toHaveLength(2);
    expect(pending[1]).toMatch(/^v\/a\.bin\.partial-[0-9a-f]{16}$/);
    await w.commit();
    expect(await tree(base)).toEqual(["v/", "v/a.bin"]);

    const again = await localDestination.openWriter(config, "v/a.bin", ctx);
    again.stream.end(Buffer.from("second version"));
    await again.commit();
    expect(await fs.readFile(path.join(base, "v/a.bin"), "utf8")).toBe("second version");
  });

  it("an aborted write leaves nothing: no object, no partial file, no new directory", async () => {
    await fs.mkdir(base);
    const a = await localDestination.openWriter(config, "ab/c/one.bin", ctx);
    await writeRandom(a, 2 * MiB);
    await a.abort(new Error("cancelled"));
    await a.abort();

    const b = await localDestination.openWriter(config, "ab/two.bin", ctx);
    await writeRandom(b, 100 * 1024);
    b.stream.end();
    await b.abort(new Error("dump exited 1"));
    await expect(b.commit()).rejects.toThrow(/already aborted/);

    expect(await localDestination.list(config, "", ctx)).toEqual([]);
    expect(await tree(base)).toEqual([]);
  });

  it("a stream that failed cannot be committed and leaves nothing", async () => {
    const w = await localDestination.openWriter(config, "broken.bin", ctx);
    w.stream.write(Buffer.from("half"));
    w.stream.destroy(new Error("upstream broke"));
    await expect(w.commit()).rejects.toThrow(/upstream broke/);
    expect(await tree(base)).toEqual([]);
  });

  it("lists nested prefixes with keys relative to the directory", async () => {
    for (const [key, n] of [
      ["a/b/1.bin", 10],
      ["a/c/2.bin", 20],
      ["a-b/3.bin", 30],
      ["d/4.bin", 0],
    ] as const) {
      const w = await localDestination.openWriter(config, key, ctx);
      w.stream.end(randomBytes(n));
      await w.commit();
    }
    const keys = async (p: string) => (await localDestination.list(config, p, ctx)).map((o) => `${o.key}:${o.size}`);
    expect(await keys("")).toEqual(["a-b/3.bin:30", "a/b/1.bin:10", "a/c/2.bin:20", "d/4.bin:0"]);
    expect(await keys("a/")).toEqual(["a/b/1.bin:10", "a/c/2.bin:20"]);
    expect(await keys("a")).toEqual(["a-b/3.bin:30", "a/b/1.bin:10", "a/c/2.bin:20"]);
    expect(await keys("a/b/")).toEqual(["a/b/1.bin:10"]);
    expect(await keys("missing/")).toEqual([]);
    // A directory that does not exist yet lists as empty.
    expect(await localDestination.list({ path: path.join(root, "never-created") }, "", ctx)).toEqual([]);
  });

  it("refuses keys and prefixes that could escape, changing nothing", async () => {
    await fs.mkdir(base);
    for (const key of ["../x", "a/../../x", "/etc/passwd", "a//b", "a/./b", ".bunker-probe-1234", "x.partial-0123456789abcdef"]) {
      await expectAdapterError(localDestination.openWriter(config, key, ctx), "INVALID_INPUT");
      await expectAdapterError(localDestination.read(config, key, ctx), "INVALID_INPUT");
      await expectAdapterError(localDestination.stat(config, key, ctx), "INVALID_INPUT");
      await expectAdapterError(localDestination.delete(config, key, ctx), "INVALID_INPUT");
    }
    await expectAdapterError(localDestination.list(config, "../", ctx), "INVALID_INPUT");
    expect(await tree(base)).toEqual([]);
    expect(await tree(root)).not.toContain("x");
  });

  it("does not follow symlinks out of the directory", async () => {
    await fs.mkdir(base);
    await fs.writeFile(path.join(outside, "secret.txt"), "secret");
    await fs.symlink(outside, path.join(base, "evil"));
    await fs.symlink(path.join(outside, "secret.txt"), path.join(base, "link.txt"));
    const before = await tree(outside);

    await expectAdapterError(localDestination.openWriter(config, "evil/x.bin", ctx), "INVALID_INPUT", "path escapes the destination directory");
    await expectAdapterError(localDestination.openWriter(config, "evil/deeper/x.bin", ctx), "INVALID_INPUT", "path escapes the destination directory");
    await expectAdapterError(localDestination.read(config, "evil/secret.txt", ctx), "INVALID_INPUT", "path escapes the destination directory");
    await expectAdapterError(localDestination.delete(config, "evil/secret.txt", ctx), "INVALID_INPUT");
    await expectAdapterError(localDestination.read(config, "link.txt", ctx), "INVALID_INPUT", /symbolic link/);
    expect(await localDestination.stat(config, "link.txt", ctx)).toBeNull();
    expect(await localDestination.list(config, "", ctx)).toEqual([]);
    await expectAdapterError(localDestination.list(config, "evil/", ctx), "INVALID_INPUT");
    expect(await tree(outside)).toEqual(before); // nothing created, nothing deleted
  });

  it("a base path that is a file fails clearly", async () => {
    const file = path.join(root, `a-file-${randomBytes(3).toString("hex")}`);
    await fs.writeFile(file, "not a directory");
    const r = await localDestination.test({ path: file }, ctx);
    expect(r).toMatchObject({ ok: false, error: `${file} is not a directory (a file is in the way)` });
    await expectAdapterError(localDestination.openWriter({ path: file }, "x.bin", ctx), "INVALID_INPUT");
    expect(await fs.readFile(file, "utf8")).toBe("not a directory");
  });

  it("refuses / as the directory, in the schema and in the adapter", async () => {
    expect(localConfig.safeParse({ path: "/" }).success).toBe(false);
    expect(localConfig.safeParse({ path: "//" }).success).toBe(false);
    const r = await localDestination.test({ path: "/" }, ctx);
    expect(r).toMatchObject({ ok: false, error: expect.stringContaining("the root directory / cannot hold backups") });
    await expectAdapterError(localDestination.openWriter({ path: "/" }, "x.bin", ctx), "INVALID_INPUT");
  });

  it("a directory that cannot be written fails with permission denied", async ({ skip }) => {
    await fs.mkdir(base);
    try {
      execFileSync("chattr", ["+i", base], { stdio: "ignore" }); // immutable: even root cannot create files in it
    } catch {
      skip("chattr +i is not available here (needs root on ext4/xfs)");
    }
    try {
      const r = await localDestination.test(config, ctx);
      expect(r).toMatchObject({ ok: false, error: `cannot write to ${base} (permission denied)` });
    } finally {
      execFileSync("chattr", ["-i", base]);
    }
    expect(await tree(base)).toEqual([]);
  });

  it("read of a missing key is NOT_FOUND", async () => {
    await expectAdapterError(localDestination.read(config, "nope/missing.bin", ctx), "NOT_FOUND", /nope\/missing\.bin does not exist/);
  });
});
