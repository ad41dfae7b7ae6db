/**
 * What every destination adapter promises (src/adapters/types.ts), as one set of cases that local.test.ts,
 * sftp.test.ts and s3.test.ts each run against their own store. Each case checks the store itself too,
 * past the adapter: what it holds, unfinished uploads included, and that nothing escaped next to it.
 */
import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AdapterContext, DestinationAdapter } from "@/adapters/types";
import { MiB, expectAdapterError, streamSha, writeRandom } from "../helpers/adapters";

const ctx: AdapterContext = { tmpDir: os.tmpdir() };

export type DestinationStore<C> = {
  adapter: DestinationAdapter<C>;
  config: C;
  /** Everything the store holds, sorted, read past the adapter: files or object keys, directories with a trailing "/", unfinished uploads too. */
  stored: () => Promise<string[]>;
  /** Everything next to the store, where a key that escaped it would land. */
  around: () => Promise<string[]>;
  /** An object's bytes, read past the adapter. */
  readRaw: (key: string) => Promise<Readable>;
  /** A stored file's permission bits; absent where objects have none. */
  fileMode?: (key: string) => Promise<number>;
};

export type DestinationContract<C> = {
  /** A store of its own for one case, with nothing in it. */
  open: () => Promise<DestinationStore<C>>;
  /** Where an upload waits for its commit: a partial file beside the target, or nowhere the store shows (a multipart upload). */
  staging: "partial-file" | "invisible";
  /** How the adapter words two failures, which differ between them. */
  messages: {
    /** read() of the missing key nope/missing.bin: NOT_FOUND with this message. */
    notFound: RegExp;
    /** commit() after the stream was destroyed with Error("upstream broke"). */
    brokenStream: RegExp;
  };
};

/** Everything under a directory, relative and sorted: files, symlinks and (with a trailing /) directories. */
export const tree = async (dir: string): Promise<string[]> => {
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

/** A store that is a directory on this machine (local, and SFTP to 127.0.0.1), inside `parent`. */
export const directoryStore = <C>(adapter: DestinationAdapter<C>, config: C, dir: string, parent: string): DestinationStore<C> => ({
  adapter,
  config,
  stored: () => tree(dir),
  around: () => tree(parent),
  readRaw: async (key) => createReadStream(path.join(dir, key)),
  fileMode: async (key) => (await fs.stat(path.join(dir, key))).mode & 0o777,
});

const objectsOf = (entries: string[]) => entries.filter((e) => !e.endsWith("/"));

const text = async (s: Readable) => {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
};

export const describeDestinationContract = <C>(name: string, contract: DestinationContract<C>) =>
  describe(`${name}: the destination contract`, () => {
    let store: DestinationStore<C>;
    let dest: DestinationAdapter<C>;
    let config: C;

    beforeEach(async () => {
      store = await contract.open();
      ({ adapter: dest, config } = store);
    });

    afterEach(async () => {
      for (const o of await dest.list(config, "", ctx)) await dest.delete(config, o.key, ctx);
    });

    it("streams a few MB in chunks; lists, reads back the same bytes, stats and deletes", async () => {
      const key = "job1/2024-01-01/db.dump.zst";
      const size = 4 * MiB + 99;
      const w = await dest.openWriter(config, key, ctx);
      const sha = await writeRandom(w, size, 60_000);
      expect(await w.commit()).toEqual({ size });

      expect(objectsOf(await store.stored())).toEqual([key]);
      expect(await streamSha(await store.readRaw(key))).toEqual({ sha, size });
      if (store.fileMode) expect(await store.fileMode(key)).toBe(0o640);

      expect(await streamSha(await dest.read(config, key, ctx))).toEqual({ sha, size });
      for (const prefix of ["", "job1/"]) {
        const listed = await dest.list(config, prefix, ctx);
        expect(listed.map((o) => [o.key, o.size])).toEqual([[key, size]]);
        expect(Math.abs(listed[0]!.modifiedAt.getTime() - Date.now())).toBeLessThan(60_000);
      }
      expect(await dest.stat(config, key, ctx)).toMatchObject({ key, size });

      await dest.delete(config, key, ctx);
      await dest.delete(config, key, ctx); // idempotent
      expect(await dest.stat(config, key, ctx)).toBeNull();
      expect(await store.stored()).toEqual([]); // the emptied date directories went too
    });

    it("stores a 0-byte object", async () => {
      const w = await dest.openWriter(config, "empty.bin", ctx);
      expect(await w.commit()).toEqual({ size: 0 });
      expect(await dest.stat(config, "empty.bin", ctx)).toMatchObject({ size: 0 });
      expect((await streamSha(await dest.read(config, "empty.bin", ctx))).size).toBe(0);
      expect((await dest.list(config, "", ctx)).map((o) => [o.key, o.size])).toEqual([["empty.bin", 0]]);
    });

    it("nothing is visible before commit, even once the stream ended; a commit replaces an existing object", async () => {
      const w = await dest.openWriter(config, "v/a.bin", ctx);
      await writeRandom(w, 300 * 1024);
      w.stream.end();
      await new Promise((r) => setTimeout(r, 300));
      expect(await dest.list(config, "", ctx)).toEqual([]);
      expect(await dest.stat(config, "v/a.bin", ctx)).toBeNull();
      const partial = expect.stringMatching(/^v\/a\.bin\.partial-[0-9a-f]{16}$/);
      expect(objectsOf(await store.stored())).toEqual(contract.staging === "partial-file" ? [partial] : []);
      await w.commit();
      expect(objectsOf(await store.stored())).toEqual(["v/a.bin"]);

      const again = await dest.openWriter(config, "v/a.bin", ctx);
      again.stream.end(Buffer.from("second version"));
      await again.commit();
      expect(await text(await store.readRaw("v/a.bin"))).toBe("second version");
      expect(objectsOf(await store.stored())).toEqual(["v/a.bin"]);
    });

    it("an aborted write leaves nothing: no object, no partial, no new directory, before or after the stream ended", async () => {
      const a = await dest.openWriter(config, "ab/c/one.bin", ctx);
      await writeRandom(a, 2 * MiB);
      await a.abort(new Error("cancelled"));
      await a.abort(); // idempotent

      const b = await dest.openWriter(config, "ab/two.bin", ctx);
      await writeRandom(b, 100 * 1024);
      b.stream.end();
      await b.abort(new Error("dump exited 1"));
      await expect(b.commit()).rejects.toThrow(/already aborted/);

      expect(await dest.list(config, "", ctx)).toEqual([]);
      expect(await store.stored()).toEqual([]);
    });

    it("a stream that failed cannot be committed and leaves nothing", async () => {
      const w = await dest.openWriter(config, "broken.bin", ctx);
      w.stream.write(Buffer.from("half"));
      w.stream.destroy(new Error("upstream broke"));
      await expect(w.commit()).rejects.toThrow(contract.messages.brokenStream);
      expect(await store.stored()).toEqual([]);
    });

    it("lists nested prefixes with keys relative to the store", async () => {
      expect(await dest.list(config, "", ctx)).toEqual([]); // a store nothing was written to yet
      for (const [key, n] of [
        ["a/b/1.bin", 10],
        ["a/c/2.bin", 20],
        ["a-b/3.bin", 30],
        ["d/4.bin", 0],
      ] as const) {
        const w = await dest.openWriter(config, key, ctx);
        w.stream.end(randomBytes(n));
        await w.commit();
      }
      const keys = async (p: string) => (await dest.list(config, p, ctx)).map((o) => `${o.key}:${o.size}`);
      expect(await keys("")).toEqual(["a-b/3.bin:30", "a/b/1.bin:10", "a/c/2.bin:20", "d/4.bin:0"]);
      expect(await keys("a/")).toEqual(["a/b/1.bin:10", "a/c/2.bin:20"]);
      expect(await keys("a")).toEqual(["a-b/3.bin:30", "a/b/1.bin:10", "a/c/2.bin:20"]);
      expect(await keys("a/b/")).toEqual(["a/b/1.bin:10"]);
      expect(await keys("missing/")).toEqual([]);
      for (const o of await dest.list(config, "", ctx)) await dest.delete(config, o.key, ctx);
      expect(await store.stored()).toEqual([]);
    });

    it("refuses keys and prefixes that could escape, changing nothing", async () => {
      const before = await store.around();
      for (const key of ["../x", "a/../../x", "/etc/passwd", "a//b", "a/./b", ".bunker-probe-1234", "x.partial-0123456789abcdef"]) {
        await expectAdapterError(dest.openWriter(config, key, ctx), "INVALID_INPUT");
        await expectAdapterError(dest.read(config, key, ctx), "INVALID_INPUT");
        await expectAdapterError(dest.stat(config, key, ctx), "INVALID_INPUT");
        await expectAdapterError(dest.delete(config, key, ctx), "INVALID_INPUT");
      }
      await expectAdapterError(dest.list(config, "../", ctx), "INVALID_INPUT");
      expect(await store.stored()).toEqual([]);
      expect(await store.around()).toEqual(before);
    });

    it("read of a missing key is NOT_FOUND", async () => {
      await expectAdapterError(dest.read(config, "nope/missing.bin", ctx), "NOT_FOUND", contract.messages.notFound);
    });
  });
