/**
 * age throughput: our streaming encryptor/decryptor vs the `age` CLI on the same 512 MiB, all in
 * memory (no disk). Run: npx tsx bench/age-throughput.ts [MiB] [rounds]
 * Not a test: it prints MiB/s and ratios. Timings on a shared machine are noisy, so each figure is the
 * best of a few rounds, and the load average is printed alongside.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createAgeDecryptStream, createAgeEncryptStream, generateAgeKeyPair } from "../src/lib/crypto/age";

const MiB = 1024 * 1024;
const totalMiB = Number(process.argv[2] ?? 512);
const rounds = Number(process.argv[3] ?? 3);
const total = totalMiB * MiB;
const block = randomBytes(MiB);

/** `total` bytes: the same random MiB over and over (nothing is allocated per block). */
const plaintextSource = () => {
  let sent = 0;
  return new Readable({
    highWaterMark: MiB,
    read() {
      if (sent >= total) return void this.push(null);
      sent += MiB;
      this.push(block);
    },
  });
};

/** Counts bytes; with `check`, also compares the output against the plaintext pattern. */
const countingSink = (check: boolean) => {
  const state = { bytes: 0, ok: true };
  const sink = new Writable({
    highWaterMark: MiB,
    write(c: Buffer, _e, cb) {
      if (check) {
        let off = 0;
        while (off < c.length) {
          const at = (state.bytes + off) % MiB;
          const n = Math.min(c.length - off, MiB - at);
          if (c.compare(block, at, at + n, off, off + n) !== 0) state.ok = false;
          off += n;
        }
      }
      state.bytes += c.length;
      cb();
    },
  });
  return { sink, state };
};

const cli = (args: string[], input: Readable, check: boolean): Promise<{ bytes: number; ok: boolean }> =>
  new Promise((resolve, reject) => {
    const child = spawn("age", args, { stdio: ["pipe", "pipe", "inherit"] });
    const { sink, state } = countingSink(check);
    child.on("error", reject);
    pipeline(input, child.stdin).catch(reject);
    const drained = pipeline(child.stdout, sink);
    child.on("close", (code) => {
      drained.then(() => (code === 0 ? resolve(state) : reject(new Error(`age exited with ${code}`))), reject);
    });
  });

/** Runs the CLI between files (no pipes), for its own speed; exit code must be 0. */
const cliFiles = (args: string[]): Promise<void> =>
  new Promise((resolve, reject) => {
    const child = spawn("age", args, { stdio: ["ignore", "ignore", "inherit"] });
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`age exited with ${code}`))));
  });

const time = async <T>(fn: () => Promise<T>): Promise<{ seconds: number; result: T }> => {
  const start = process.hrtime.bigint();
  const result = await fn();
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, result };
};

const best = async (label: string, fn: () => Promise<{ bytes: number; ok: boolean }>, expectBytes: number): Promise<number> => {
  let fastest = Infinity;
  for (let r = 0; r < rounds; r++) {
    const { seconds, result } = await time(fn);
    if (result.bytes !== expectBytes || !result.ok) throw new Error(`${label}: wrong output (${result.bytes} bytes, ok=${result.ok})`);
    fastest = Math.min(fastest, seconds);
  }
  const mibs = totalMiB / fastest;
  console.log(`${label.padEnd(28)} ${mibs.toFixed(0).padStart(6)} MiB/s   (best of ${rounds}: ${fastest.toFixed(2)} s)`);
  return mibs;
};

async function main(): Promise<void> {
  const keys = await generateAgeKeyPair();
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "bunker-age-bench-"));
  const keyFile = path.join(dir, "key");
  await fs.writeFile(keyFile, `${keys.identity}\n`, { mode: 0o600 });
  try {
    console.log(`age throughput, ${totalMiB} MiB in memory, node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);

    // Ciphertext for the decrypt runs, kept in memory (about totalMiB).
    const ciphertext: Buffer[] = [];
    await pipeline(
      plaintextSource(),
      await createAgeEncryptStream([keys.recipient]),
      new Writable({
        write(c: Buffer, _e, cb) {
          ciphertext.push(c);
          cb();
        },
      }),
    );
    const ctBytes = ciphertext.reduce((n, c) => n + c.length, 0);

    const oursEnc = await best(
      "ours encrypt",
      async () => {
        const { sink, state } = countingSink(false);
        await pipeline(plaintextSource(), await createAgeEncryptStream([keys.recipient]), sink);
        return state;
      },
      ctBytes,
    );
    const cliEnc = await best("age CLI encrypt (pipe)", () => cli(["-r", keys.recipient], plaintextSource(), false), ctBytes);
    const oursDec = await best(
      "ours decrypt (+verify)",
      async () => {
        const { sink, state } = countingSink(true);
        await pipeline(Readable.from(ciphertext, { objectMode: false }), createAgeDecryptStream([keys.identity]), sink);
        return state;
      },
      total,
    );
    const cliDec = await best("age CLI decrypt (+verify)", () => cli(["-d", "-i", keyFile], Readable.from(ciphertext, { objectMode: false }), true), total);

    // The CLI between files on tmpfs: its own speed without pipe overhead (which is large on small VMs).
    let cliEncFile = NaN;
    let cliDecFile = NaN;
    const shm = await fs.mkdtemp("/dev/shm/bunker-age-bench-").catch(() => null);
    if (shm) {
      try {
        const ptPath = path.join(shm, "pt");
        const ctPath = path.join(shm, "ct");
        const outPath = path.join(shm, "out");
        await pipeline(plaintextSource(), createWriteStream(ptPath));
        await pipeline(Readable.from(ciphertext, { objectMode: false }), createWriteStream(ctPath));
        const fileRun = async (args: string[], outFile: string, expectBytes: number) => {
          await cliFiles(args);
          const size = outFile === "/dev/null" ? expectBytes : (await fs.stat(outFile)).size;
          return { bytes: size, ok: true };
        };
        cliEncFile = await best("age CLI encrypt (tmpfs files)", () => fileRun(["-r", keys.recipient, "-o", outPath, ptPath], outPath, ctBytes), ctBytes);
        cliDecFile = await best("age CLI decrypt (tmpfs files)", () => fileRun(["-d", "-i", keyFile, "-o", outPath, ctPath], outPath, total), total);
      } finally {
        await fs.rm(shm, { recursive: true, force: true });
      }
    }

    console.log(`ratio encrypt ours/CLI: ${(oursEnc / cliEnc).toFixed(2)}x vs piped CLI, ${(oursEnc / cliEncFile).toFixed(2)}x vs CLI on tmpfs files`);
    console.log(`ratio decrypt ours/CLI: ${(oursDec / cliDec).toFixed(2)}x vs piped CLI, ${(oursDec / cliDecFile).toFixed(2)}x vs CLI on tmpfs files`);
    console.log(`peak rss: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB (includes the ${(ctBytes / MiB).toFixed(0)} MiB ciphertext held for the decrypt runs)`);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
