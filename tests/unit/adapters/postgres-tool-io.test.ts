/**
 * The streaming glue, exercised with real tiny processes (sh, head, cat) instead of database tools: exit
 * codes, empty output, cancel, a consumer that gives up, and input failures on the restore side.
 */
import { execFileSync } from "node:child_process";
import { PassThrough, Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { describe, expect, it } from "vitest";
import { AdapterError } from "@/adapters/errors";
import { adoptInput, describeExit, dumpHandle, feedTool, tailForMessage } from "@/adapters/sources/tool-io";
import { spawnTool } from "@/lib/process/spawn-tool";

const failure = () => new AdapterError("TOOL_FAILED", "failed");
const handleFor = (script: string, extra: Partial<Parameters<typeof dumpHandle>[1]> = {}) =>
  dumpHandle(spawnTool("sh", ["-c", script]), {
    tool: "sh",
    failure: (exit, stderr) => new AdapterError("TOOL_FAILED", `sh exited with code ${exit.code}: ${stderr}`),
    result: { toolVersion: "sh 1" },
    ...extra,
  });

const drain = async (stream: Readable): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
};

/** Child processes of this test process, except the `ps` asking. */
const childPids = (): string[] =>
  execFileSync("ps", ["-o", "pid=,comm=", "--ppid", String(process.pid)], { encoding: "utf8" })
    .split("\n")
    .map((s) => s.trim().split(/\s+/))
    .filter(([pid, comm]) => pid && comm !== "ps")
    .map(([pid]) => pid as string);

describe("dumpHandle", () => {
  it("streams every byte and resolves with the result after exit 0", async () => {
    const h = handleFor("head -c 3000000 /dev/zero");
    const [bytes, result] = await Promise.all([drain(h.stream), h.done]);
    expect(bytes.length).toBe(3_000_000);
    expect(result).toEqual({ toolVersion: "sh 1" });
  });

  it("rejects with the failure (stderr tail inside) on a non-zero exit", async () => {
    const h = handleFor("echo partial; echo 'boom: disk full' >&2; exit 3");
    await drain(h.stream);
    await expect(h.done).rejects.toMatchObject({ code: "TOOL_FAILED", message: "sh exited with code 3: boom: disk full" });
  });

  it("rejects with EMPTY_DUMP when the tool exits 0 having written nothing", async () => {
    const h = handleFor("exit 0");
    await drain(h.stream);
    await expect(h.done).rejects.toMatchObject({ code: "EMPTY_DUMP" });
  });

  it("rejects with TOOL_MISSING when the binary does not exist", async () => {
    const h = dumpHandle(spawnTool("/nonexistent/pg_dump", []), { tool: "pg_dump", failure, result: {} });
    h.stream.resume();
    await expect(h.done).rejects.toMatchObject({ code: "TOOL_MISSING" });
  });

  it("cancel kills the process group and rejects with CANCELLED", async () => {
    const before = childPids();
    const h = handleFor("while true; do head -c 65536 /dev/zero; done");
    const first = await new Promise<Buffer>((resolve) => h.stream.once("data", resolve));
    expect(first.length).toBeGreaterThan(0);
    const t0 = Date.now();
    h.cancel();
    await expect(h.done).rejects.toMatchObject({ code: "CANCELLED" });
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(childPids().filter((p) => !before.includes(p))).toEqual([]);
  });

  it("an aborted signal cancels too", async () => {
    const ac = new AbortController();
    const h = handleFor("while true; do head -c 65536 /dev/zero; done", { signal: ac.signal });
    await new Promise((resolve) => h.stream.once("data", resolve));
    ac.abort();
    await expect(h.done).rejects.toMatchObject({ code: "CANCELLED" });
  });

  it("a consumer that destroys the stream stops the tool and fails the dump", async () => {
    const h = handleFor("while true; do head -c 65536 /dev/zero; done");
    await new Promise((resolve) => h.stream.once("data", resolve));
    h.stream.destroy();
    await expect(h.done).rejects.toMatchObject({ code: "FAILED", message: expect.stringContaining("closed before") });
  });

  it("keeps backpressure: a paused consumer holds the tool (nothing is buffered in memory)", async () => {
    const h = handleFor("head -c 50000000 /dev/zero");
    await new Promise((resolve) => h.stream.once("readable", resolve));
    await new Promise((r) => setTimeout(r, 300));
    expect(h.stream.readableLength).toBeLessThan(1_000_000);
    let settled = false;
    void h.done.then(
      () => (settled = true),
      () => (settled = true),
    );
    await new Promise((r) => setTimeout(r, 100));
    expect(settled).toBe(false);
    const bytes = await drain(h.stream);
    expect(bytes.length).toBe(50_000_000);
    await expect(h.done).resolves.toBeDefined();
  });
});

describe("feedTool", () => {
  it("pipes the whole input and ends stdin", async () => {
    const proc = spawnTool("sh", ["-c", "wc -c"], { stdin: "pipe" });
    const out: Buffer[] = [];
    proc.stdout.on("data", (c: Buffer) => out.push(c));
    const r = await feedTool(proc, Readable.from([Buffer.alloc(1_000_000, 1), Buffer.alloc(234, 2)]));
    expect(r.exit.code).toBe(0);
    expect(r.inputError).toBeUndefined();
    expect(Buffer.concat(out).toString().trim()).toBe("1000234");
  });

  it("survives the tool exiting early (EPIPE) and reports its exit code", async () => {
    const proc = spawnTool("sh", ["-c", "head -c 10 >/dev/null; echo 'bad archive' >&2; exit 1"], { stdin: "pipe" });
    proc.stdout.resume();
    const input = Readable.from((function* () {
      for (let i = 0; i < 200; i++) yield Buffer.alloc(65536, 7);
    })());
    const r = await feedTool(proc, input);
    expect(r.exit.code).toBe(1);
    expect(proc.stderrTail()).toBe("bad archive");
    expect(input.destroyed).toBe(true);
  });

  it("an input failure kills the tool before it sees end-of-input", async () => {
    // `cat >file; echo done` would print "done" on EOF: a kill leaves it unprinted.
    const proc = spawnTool("sh", ["-c", "cat >/dev/null && echo saw-eof"], { stdin: "pipe" });
    const out: Buffer[] = [];
    proc.stdout.on("data", (c: Buffer) => out.push(c));
    const input = new PassThrough();
    input.write(Buffer.alloc(1000));
    setTimeout(() => input.destroy(new Error("decryption failed")), 50);
    const r = await feedTool(proc, input);
    expect((r.inputError as Error).message).toBe("decryption failed");
    expect(r.exit.code === 0).toBe(false);
    expect(Buffer.concat(out).toString()).not.toContain("saw-eof");
  });

  it("an input destroyed without an error (a cancelled dump piped in) counts as a failure, not as the end", async () => {
    const proc = spawnTool("sh", ["-c", "cat >/dev/null && echo saw-eof"], { stdin: "pipe" });
    const out: Buffer[] = [];
    proc.stdout.on("data", (c: Buffer) => out.push(c));
    const input = new PassThrough();
    input.write(Buffer.alloc(1000));
    setTimeout(() => input.destroy(), 50);
    const r = await feedTool(proc, input);
    expect((r.inputError as Error).message).toMatch(/closed before its end/);
    expect(Buffer.concat(out).toString()).not.toContain("saw-eof");
  });

  it("an input that failed before the restore started is reported, not hung on", async () => {
    const input = new PassThrough();
    adoptInput(input);
    input.destroy(new Error("download failed"));
    await new Promise((r) => setImmediate(r));
    const proc = spawnTool("sh", ["-c", "cat >/dev/null && echo saw-eof"], { stdin: "pipe" });
    const out: Buffer[] = [];
    proc.stdout.on("data", (c: Buffer) => out.push(c));
    const r = await feedTool(proc, input);
    expect((r.inputError as Error).message).toBe("download failed");
    expect(Buffer.concat(out).toString()).not.toContain("saw-eof");
  });

  it("a failing guard kills the tool before it sees end-of-input", async () => {
    const guard = new Transform({
      transform: (c, _e, cb) => cb(null, c),
      flush: (cb) => cb(new AdapterError("TOOL_FAILED", "incomplete")),
    });
    const proc = spawnTool("sh", ["-c", "cat >/dev/null && echo saw-eof"], { stdin: "pipe" });
    const out: Buffer[] = [];
    proc.stdout.on("data", (c: Buffer) => out.push(c));
    const r = await feedTool(proc, Readable.from([Buffer.from("abc")]), { guard });
    expect(r.inputError).toMatchObject({ code: "TOOL_FAILED", message: "incomplete" });
    expect(Buffer.concat(out).toString()).not.toContain("saw-eof");
  });

  it("an aborted signal kills the tool and says cancelled", async () => {
    const ac = new AbortController();
    const proc = spawnTool("sh", ["-c", "cat >/dev/null"], { stdin: "pipe" });
    const input = new PassThrough();
    setTimeout(() => ac.abort(), 50);
    const r = await feedTool(proc, input, { signal: ac.signal });
    expect(r.cancelled).toBe(true);
    expect(r.exit.code === 0).toBe(false);
  });

  it("works as the sink of a pipeline with a slow producer (backpressure)", async () => {
    const proc = spawnTool("sh", ["-c", "sleep 0.2; wc -c"], { stdin: "pipe" });
    const out: Buffer[] = [];
    proc.stdout.on("data", (c: Buffer) => out.push(c));
    const src = new PassThrough({ highWaterMark: 1024 });
    const produce = pipeline(Readable.from([Buffer.alloc(5_000_000, 3)]), src);
    const r = await feedTool(proc, src);
    await produce;
    expect(r.exit.code).toBe(0);
    expect(Buffer.concat(out).toString().trim()).toBe("5000000");
  });
});

describe("messages from stderr", () => {
  it("cuts echoed giant statements per line and keeps the end", () => {
    const stderr = `--------------\nINSERT INTO t VALUES (0x${"ab".repeat(5_000_000)})\n--------------\n\nERROR 1136 (21S01) at line 67: Column count doesn't match`;
    const msg = tailForMessage(stderr);
    expect(msg.length).toBeLessThan(1600);
    expect(msg).toContain("ERROR 1136 (21S01) at line 67: Column count doesn't match");
    expect(msg).toContain("…");
  });

  it("keeps short stderr as it is", () => {
    expect(tailForMessage("  pg_restore: error: bad  \n")).toBe("pg_restore: error: bad");
  });

  it("describes exits by code or signal", () => {
    expect(describeExit({ code: 2, signal: null })).toBe("exited with code 2");
    expect(describeExit({ code: null, signal: "SIGKILL" })).toBe("was killed by SIGKILL");
  });
});
