/**
 * Step 4 (per database): ONE streaming pass, no temp file, no buffering of the dump:
 *
 *   dump.stream → byte meter (raw) → compressor → age (if the job encrypts) → byte meter (stored)
 *     → sha256 tap → fanOut → one writer per destination
 *
 * Backpressure runs from the slowest destination back to the dump tool. A destination whose writer
 * fails is dropped by fanOut and the others finish. Nothing is committed here: the caller commits only
 * after this resolved with `ok: true`, i.e. the dump tool, the compressor and the stream all succeeded.
 */
import type { Readable, Transform, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { isAdapterError } from "@/adapters/errors";
import type { AdapterContext } from "@/adapters/types";
import { type CodecStream, createCompressor } from "@/lib/compression/codec";
import { createAgeEncryptStream } from "@/lib/crypto/age";
import { createByteMeter, createHashTap, fanOut, type FanOutOutcome } from "@/lib/streams";
import type { ByteCounters } from "../run-progress";
import { type RunContext, errorMessage } from "../run-context";
import type { OpenWriter } from "./03-open-writers";

const METER_INTERVAL_MS = 100;

export type StreamedDump = {
  ok: true;
  rawBytes: number;
  storedBytes: number;
  sha256: string;
  serverVersion: string | null;
  toolVersion: string | null;
  /** Per writer, in the order given */
  outcomes: FanOutOutcome[];
};

export type FailedDump = { ok: false; error: string; aborted: boolean };

type Settled<T> = PromiseSettledResult<T>;
const reasonOf = <T>(r: Settled<T>): unknown => (r.status === "rejected" ? r.reason : undefined);

/**
 * The message for a failed pass. The dump tool's own error (exit code, signal, stderr tail) says the
 * most, unless it only reports that its output was closed early: then the compressor, encryption or
 * destinations broke first.
 */
const failureMessage = (done: Settled<unknown>, codec: Settled<unknown>, piped: Settled<unknown>, fanned: Settled<unknown>): string => {
  const doneErr = reasonOf(done);
  // FAILED ("output closed early") and CANCELLED (stopped by us after the chain broke) are symptoms.
  if (isAdapterError(doneErr) && doneErr.code !== "FAILED" && doneErr.code !== "CANCELLED") return doneErr.message;
  const others = [reasonOf(codec), reasonOf(piped), reasonOf(fanned)].filter((e) => e !== undefined);
  const first = others.find((e) => !(e instanceof Error && (e as NodeJS.ErrnoException).code === "ERR_STREAM_PREMATURE_CLOSE")) ?? others[0];
  if (doneErr !== undefined && first === undefined) return errorMessage(doneErr);
  return errorMessage(first ?? doneErr ?? "the dump stream failed");
};

export const streamDump = async (run: RunContext, database: string, writers: readonly OpenWriter[], counters: ByteCounters, ctx: AdapterContext): Promise<StreamedDump | FailedDump> => {
  const { signal } = run;
  if (signal.aborted) return { ok: false, error: "cancelled before the dump started", aborted: true };

  let dump;
  try {
    dump = await run.source.adapter.dump(run.source.config, database, ctx);
  } catch (e) {
    return { ok: false, error: errorMessage(e), aborted: signal.aborted };
  }

  const raw = createByteMeter((n) => {
    counters.read = n;
    run.progress.changed();
  }, METER_INTERVAL_MS);
  const stored = createByteMeter((n) => {
    counters.stored = n;
    run.progress.changed();
  }, METER_INTERVAL_MS);
  const tap = createHashTap("sha256");
  let codec: CodecStream | undefined;
  let encrypt: Transform | null;
  try {
    codec = createCompressor(run.job.compression, run.job.compressionLevel);
    encrypt = run.encryption ? await createAgeEncryptStream([run.encryption.recipient]) : null;
  } catch (e) {
    dump.cancel();
    codec?.stream.destroy();
    await dump.done.catch(() => undefined);
    return { ok: false, error: errorMessage(e), aborted: false };
  }

  const chain: Array<Readable | Writable> = [dump.stream, raw, codec.stream, ...(encrypt ? [encrypt] : []), stored, tap];
  const piped = pipeline(chain, { signal });
  const fanned = fanOut(
    tap,
    writers.map((w) => ({ id: w.destination.id, stream: w.writer.stream })),
    { signal },
  );
  // A broken chain or tee must not leave the tool running: stop it, `done` then settles.
  const stopDump = () => dump.cancel();
  void piped.catch(stopDump);
  void fanned.catch(stopDump);

  const [f, p, d, c] = await Promise.allSettled([fanned, piped, dump.done, codec.done]);

  if (signal.aborted) return { ok: false, error: "aborted", aborted: true };
  if (f.status === "fulfilled" && f.value.outcomes.every((o) => !o.ok)) {
    const reasons = f.value.outcomes.map((o) => (o.ok ? "" : errorMessage(o.error)));
    return { ok: false, error: `every destination failed: ${[...new Set(reasons)].join("; ")}`, aborted: false };
  }
  if (f.status === "rejected" || p.status === "rejected" || d.status === "rejected" || c.status === "rejected") {
    return { ok: false, error: failureMessage(d, c, p, f), aborted: false };
  }
  if (raw.bytes === 0) return { ok: false, error: "the dump produced 0 bytes", aborted: false };
  return {
    ok: true,
    rawBytes: raw.bytes,
    storedBytes: tap.bytes,
    sha256: tap.digest(),
    serverVersion: d.value.serverVersion ?? null,
    toolVersion: d.value.toolVersion ?? null,
    outcomes: f.value.outcomes,
  };
};
