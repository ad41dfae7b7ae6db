import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { SftpOps } from "@/adapters/destinations/sftp/session";
import { openRemoteWriter, remoteReadStream } from "@/adapters/destinations/sftp/transfer";

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const tick = (max = 3) => new Promise((r) => setTimeout(r, Math.floor(Math.random() * max)));
const sftpErr = (code: number, message: string) => Object.assign(new Error(message), { code });

/** An in-memory SFTP server with requests that complete out of order. */
const fakeServer = (opts: { posixRename?: boolean; failWriteAt?: number } = {}) => {
  const files = new Map<string, Buffer>();
  const handles = new Map<string, string>();
  let inFlight = 0;
  let maxInFlight = 0;
  let nextHandle = 0;
  const pathOf = (h: Buffer) => {
    const p = handles.get(h.toString());
    if (!p) throw new Error("bad handle");
    return p;
  };
  const ops = {
    closed: false,
    mkdirp: async () => {},
    open: async (p: string, flags: "r" | "wx") => {
      if (flags === "wx") {
        if (files.has(p)) throw sftpErr(4, "Failure");
        files.set(p, Buffer.alloc(0));
      } else if (!files.has(p)) throw sftpErr(2, "No such file");
      const h = Buffer.from(String(nextHandle++));
      handles.set(h.toString(), p);
      return h;
    },
    close: async (h: Buffer) => {
      handles.delete(h.toString());
    },
    write: (h: Buffer, data: Buffer, position: number, cb: (err?: Error | null) => void) => {
      const p = handles.get(h.toString()) ?? "";
      const copy = Buffer.from(data);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      void tick().then(() => {
        inFlight--;
        if (opts.failWriteAt !== undefined && position >= opts.failWriteAt) return cb(sftpErr(4, "Failure"));
        const cur = files.get(p);
        if (!cur) return cb(sftpErr(4, "Failure")); // the handle's file was removed meanwhile
        const next = Buffer.alloc(Math.max(cur.length, position + copy.length));
        cur.copy(next);
        copy.copy(next, position);
        files.set(p, next);
        cb();
      });
    },
    read: async (h: Buffer, len: number, position: number) => {
      const p = pathOf(h);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await tick();
      inFlight--;
      const data = files.get(p)!;
      // Short reads anywhere, as the protocol allows.
      const n = Math.min(len, Math.max(0, data.length - position), 1 + Math.floor(Math.random() * len));
      return Buffer.from(data.subarray(position, position + n));
    },
    fsync: async () => true,
    posixRename: async (from: string, to: string) => {
      if (!opts.posixRename) throw new Error("Server does not support this extended request");
      files.set(to, files.get(from)!);
      files.delete(from);
    },
    rename: async (from: string, to: string) => {
      if (files.has(to)) throw sftpErr(4, "Failure"); // SFTPv3 rename refuses an existing target
      files.set(to, files.get(from)!);
      files.delete(from);
    },
    unlink: async (p: string) => {
      if (!files.delete(p)) throw sftpErr(2, "No such file");
    },
    rmdir: async () => {
      throw sftpErr(4, "Failure");
    },
  };
  return { ops: ops as unknown as SftpOps, files, maxInFlight: () => maxInFlight, openHandles: () => handles.size };
};

const writer = async (srv: ReturnType<typeof fakeServer>, released: { n: number }) =>
  openRemoteWriter({
    ops: srv.ops,
    base: "/b",
    finalPath: "/b/job/x.bin",
    where: "u@h:/b/job/x.bin",
    release: () => released.n++,
    cleanupElsewhere: async () => {},
  });

const writeChunks = async (w: Awaited<ReturnType<typeof writer>>, data: Buffer) => {
  for (let off = 0; off < data.length; ) {
    const n = 1 + Math.floor(Math.random() * 40_000);
    if (!w.stream.write(data.subarray(off, off + n))) await new Promise((r) => w.stream.once("drain", r));
    off += n;
  }
};

describe("sftp writer", () => {
  it("writes with requests in flight, out of order, and renames on commit", async () => {
    const srv = fakeServer({ posixRename: true });
    const released = { n: 0 };
    const w = await writer(srv, released);
    const data = randomBytes(1024 * 1024 + 17);
    await writeChunks(w, data);
    expect([...srv.files.keys()]).toEqual([expect.stringMatching(/^\/b\/job\/x\.bin\.partial-[0-9a-f]{16}$/)]);
    expect(await w.commit()).toEqual({ size: data.length });
    expect([...srv.files.keys()]).toEqual(["/b/job/x.bin"]);
    expect(sha(srv.files.get("/b/job/x.bin")!)).toBe(sha(data));
    expect(srv.maxInFlight()).toBeGreaterThan(1);
    expect(srv.maxInFlight()).toBeLessThanOrEqual(16);
    expect(srv.openHandles()).toBe(0);
    expect(released.n).toBe(1);
  });

  it("replaces an existing file without posix-rename (unlink, then rename)", async () => {
    const srv = fakeServer({ posixRename: false });
    srv.files.set("/b/job/x.bin", Buffer.from("old"));
    const w = await writer(srv, { n: 0 });
    w.stream.end(Buffer.from("new"));
    await w.commit();
    expect(srv.files.get("/b/job/x.bin")?.toString()).toBe("new");
    expect(srv.files.size).toBe(1);
  });

  it("a failed write errors the stream; commit rejects and the partial file is removed", async () => {
    const srv = fakeServer({ failWriteAt: 200_000 });
    const released = { n: 0 };
    const w = await writer(srv, released);
    const errored = new Promise((r) => w.stream.once("error", r));
    await writeChunks(w, randomBytes(600_000)).catch(() => {});
    await errored;
    await expect(w.commit()).rejects.toMatchObject({ code: "FAILED" });
    expect(srv.files.size).toBe(0);
    expect(released.n).toBe(1);
  });

  it("abort removes the partial file and releases the connection once", async () => {
    const srv = fakeServer();
    const released = { n: 0 };
    const w = await writer(srv, released);
    await writeChunks(w, randomBytes(100_000));
    await w.abort();
    await w.abort();
    expect(srv.files.size).toBe(0);
    expect(srv.openHandles()).toBe(0);
    expect(released.n).toBe(1);
    await expect(w.commit()).rejects.toThrow(/already aborted/);
  });
});

describe("sftp read stream", () => {
  const read = async (size: number, consumerDelay = 0) => {
    const srv = fakeServer();
    const data = randomBytes(size);
    srv.files.set("/f", data);
    const released = { n: 0 };
    const stream = remoteReadStream(srv.ops, await srv.ops.open("/f", "r"), () => released.n++);
    const chunks: Buffer[] = [];
    for await (const c of stream) {
      chunks.push(c as Buffer);
      if (consumerDelay) await new Promise((r) => setTimeout(r, consumerDelay));
    }
    await new Promise((r) => setImmediate(r));
    return { data, back: Buffer.concat(chunks), srv, released };
  };

  it("delivers every byte in order despite short and out-of-order reads", async () => {
    const { data, back, srv, released } = await read(700_001);
    expect(sha(back)).toBe(sha(data));
    expect(srv.maxInFlight()).toBeGreaterThan(1);
    expect(srv.maxInFlight()).toBeLessThanOrEqual(9); // 8 ahead, plus one re-request after a short read
    expect(released.n).toBe(1);
  });

  it("reads an empty file", async () => {
    const { back, released } = await read(0);
    expect(back.length).toBe(0);
    expect(released.n).toBe(1);
  });

  it("keeps up with a slow consumer without losing data", async () => {
    const { data, back } = await read(300_000, 2);
    expect(sha(back)).toBe(sha(data));
  });

  it("a read error destroys the stream and releases the connection", async () => {
    const srv = fakeServer();
    srv.files.set("/f", randomBytes(10));
    const released = { n: 0 };
    const h = await srv.ops.open("/f", "r");
    (srv.ops as unknown as { read: () => Promise<Buffer> }).read = async () => {
      throw Object.assign(new Error("No response from server"), {});
    };
    const stream = remoteReadStream(srv.ops, h, () => released.n++);
    await expect((async () => {
      for await (const _ of stream) void _;
    })()).rejects.toThrow("No response from server");
    expect(released.n).toBe(1);
  });
});
