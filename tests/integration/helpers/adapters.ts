/** Small tools the adapter integration tests share: byte streams, free ports and AdapterError checks. */
import { createHash, randomBytes } from "node:crypto";
import net from "node:net";
import type { Readable } from "node:stream";
import { expect } from "vitest";
import { type AdapterError, isAdapterError } from "@/adapters/errors";
import type { ArtifactWriter } from "@/adapters/types";

export const MiB = 1024 * 1024;

export const streamSha = async (s: Readable): Promise<{ sha: string; size: number }> => {
  const h = createHash("sha256");
  let size = 0;
  for await (const c of s) {
    h.update(c as Buffer);
    size += (c as Buffer).length;
  }
  return { sha: h.digest("hex"), size };
};

/** Writes `total` random bytes in `chunk`-sized writes, honouring backpressure; returns their sha256. */
export const writeRandom = async (w: ArtifactWriter, total: number, chunk = 64 * 1024): Promise<string> => {
  const h = createHash("sha256");
  for (let left = total; left > 0; left -= chunk) {
    const b = randomBytes(Math.min(chunk, left));
    h.update(b);
    if (!w.stream.write(b)) await new Promise((r) => w.stream.once("drain", r));
  }
  return h.digest("hex");
};

/** A port nothing listens on (it was free a moment ago): for "connection refused". */
export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

/** Awaits `p`, which must reject with an AdapterError of `code`; a string message must match exactly, a RegExp must match. */
export const expectAdapterError = async (p: Promise<unknown>, code: string, message?: RegExp | string): Promise<AdapterError> => {
  const e = await p.then(
    () => new Error(`expected ${code}, but it succeeded`),
    (err: unknown) => err,
  );
  expect(isAdapterError(e), `expected an AdapterError, got ${String(e)}`).toBe(true);
  const err = e as AdapterError;
  expect(err.code, err.message).toBe(code);
  if (typeof message === "string") expect(err.message).toBe(message);
  else if (message) expect(err.message).toMatch(message);
  return err;
};

/**
 * A TCP server on a free 127.0.0.1 port that accepts connections and never answers: a database that
 * hangs. `close()` drops every connection it accepted.
 */
export const silentServer = async (): Promise<{ port: number; close: () => void }> => {
  const sockets: net.Socket[] = [];
  const server = net.createServer((s) => sockets.push(s));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
};
