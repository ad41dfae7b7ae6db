/**
 * The tee at the end of the backup pipeline: one source, several destination writers, one pass.
 *
 * - Every chunk is written to every live sink, and the next chunk is read only once EVERY live sink has
 *   accepted the current one (`write()` returned true, or 'drain' fired): the slowest destination sets
 *   the pace. Sinks share the same chunk (no copy), so a sink must not mutate the buffers it is given.
 * - Memory: beyond each sink's own highWaterMark, at most the one chunk that made `write()` return false
 *   is held per sink, plus whatever the source buffers itself.
 * - A sink that emits 'error', or closes before 'finish', is dropped: its outcome is that error and the
 *   others carry on (the run is Partial). When no sink is left, the source is destroyed and the result
 *   (all failures) is returned at once.
 * - At the end of the source every live sink is `end()`ed and fanOut waits for its 'finish' (or error).
 * - A source error destroys every unfinished sink with that error and rejects; so does an abort, with an
 *   AbortError (the source is destroyed too).
 *
 * Once settled, fanOut leaves a no-op 'error' listener on every sink and on a source it destroyed, so the
 * errors it caused (destroy(err)), or late ones, can never crash the process: the outcome is the report.
 */
import type { Readable, Writable } from "node:stream";
import { abortErrorFrom } from "./abort-error";

export type FanOutSink = { id: string; stream: Writable };

export type FanOutOutcome = { id: string; ok: true } | { id: string; ok: false; error: Error };

export type FanOutResult = {
  /** Bytes read from the source and handed to the sinks */
  bytes: number;
  /** One per sink, in the order the sinks were given */
  outcomes: FanOutOutcome[];
};

export type FanOutOptions = {
  /** Abort: destroys the source and every sink, and rejects with an AbortError */
  signal?: AbortSignal;
};

type SinkState = {
  id: string;
  stream: Writable;
  /** Still receiving data, or ending and not yet finished */
  live: boolean;
  /** write() returned false: no new chunk until 'drain' */
  awaitingDrain: boolean;
  finished: boolean;
  error?: Error;
  listeners: { error: (e: unknown) => void; drain: () => void; finish: () => void; close: () => void };
};

const toError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));

const prematureClose = (id: string): Error =>
  Object.assign(new Error(`destination ${id} closed before it finished`), { code: "ERR_STREAM_PREMATURE_CLOSE" });

const chunkLength = (chunk: unknown): number => {
  if (typeof chunk === "string") return Buffer.byteLength(chunk);
  if (chunk instanceof Uint8Array) return chunk.byteLength;
  return 0;
};

export const fanOut = (source: Readable, sinks: readonly FanOutSink[], opts: FanOutOptions = {}): Promise<FanOutResult> =>
  new Promise<FanOutResult>((resolve, reject) => {
    if (sinks.length === 0) {
      reject(new TypeError("fanOut needs at least one sink"));
      return;
    }
    const ids = new Set(sinks.map((s) => s.id));
    if (ids.size !== sinks.length) {
      reject(new TypeError("fanOut sink ids must be unique"));
      return;
    }

    const { signal } = opts;
    let settled = false;
    let bytes = 0;
    let sourceEnded = false;
    let paused = false;
    let destroyedSource = false;
    const noop = () => undefined;

    const states: SinkState[] = sinks.map((s) => ({
      id: s.id,
      stream: s.stream,
      live: true,
      awaitingDrain: false,
      finished: false,
      listeners: { error: noop, drain: noop, finish: noop, close: noop },
    }));
    const live = () => states.filter((s) => s.live);

    // ---- teardown -------------------------------------------------------------------------------
    const detach = () => {
      source.off("data", onData);
      source.off("end", onEnd);
      source.off("close", onSourceClose);
      source.off("error", onSourceError);
      // A source we destroyed may still report errors; keep it from being unhandled.
      if (destroyedSource) source.on("error", noop);
      signal?.removeEventListener("abort", onAbort);
      for (const s of states) {
        s.stream.off("drain", s.listeners.drain);
        s.stream.off("finish", s.listeners.finish);
        s.stream.off("close", s.listeners.close);
        s.stream.off("error", s.listeners.error);
        // Errors we caused (destroy(err)), a dropped sink's later ones, or one after 'finish' must not
        // become unhandled 'error' events that crash the process; the outcome has been reported.
        s.stream.on("error", noop);
      }
    };

    const settle = (outcome: { ok: true } | { ok: false; error: Error }) => {
      if (settled) return;
      settled = true;
      detach();
      if (outcome.ok) {
        resolve({
          bytes,
          outcomes: states.map((s): FanOutOutcome => (s.error ? { id: s.id, ok: false, error: s.error } : { id: s.id, ok: true })),
        });
      } else {
        reject(outcome.error);
      }
    };

    const destroySource = (err: Error) => {
      destroyedSource = true;
      if (!source.destroyed) source.destroy(err);
    };

    /** Fail everything: the source error or the abort reason goes to every unfinished sink. */
    const abortAll = (err: Error, destroyTheSource: boolean) => {
      if (settled) return;
      if (destroyTheSource) destroySource(err);
      for (const s of states) {
        if (s.finished) continue;
        s.live = false;
        s.error ??= err;
        if (!s.stream.destroyed) s.stream.destroy(err);
      }
      settle({ ok: false, error: err });
    };

    // ---- flow control ---------------------------------------------------------------------------
    const maybeResume = () => {
      if (settled || sourceEnded || !paused) return;
      if (states.some((s) => s.live && s.awaitingDrain)) return;
      paused = false;
      source.resume();
    };

    /** Settles when nothing is left to wait for: every sink finished or failed. */
    const checkDone = () => {
      if (settled) return;
      const remaining = live();
      if (remaining.length === 0) {
        if (!sourceEnded) destroySource(new Error("every destination failed; the source was not read to the end"));
        settle({ ok: true });
        return;
      }
      if (sourceEnded && remaining.every((s) => s.finished)) settle({ ok: true });
    };

    const dropSink = (s: SinkState, err: Error) => {
      if (!s.live || settled) return;
      s.live = false;
      s.awaitingDrain = false;
      s.error = err;
      // Release the destination's resources; destroy() without an error emits no second 'error'.
      if (!s.stream.destroyed) s.stream.destroy();
      checkDone();
      maybeResume();
    };

    const writeTo = (s: SinkState, chunk: unknown) => {
      if (!s.live || settled) return; // dropped by an earlier write in this same round
      if (s.stream.destroyed || s.stream.writableEnded) {
        dropSink(s, s.stream.errored ?? prematureClose(s.id));
        return;
      }
      let accepted: boolean;
      try {
        accepted = s.stream.write(chunk);
      } catch (e) {
        dropSink(s, toError(e));
        return;
      }
      // write() may have dropped it synchronously (a sink that errors inside write()).
      if (!accepted && s.live) s.awaitingDrain = true;
    };

    // ---- source events --------------------------------------------------------------------------
    function onData(chunk: unknown) {
      if (settled) return;
      bytes += chunkLength(chunk);
      for (const s of live()) writeTo(s, chunk);
      if (settled) return;
      if (states.some((s) => s.live && s.awaitingDrain)) {
        paused = true;
        source.pause();
      }
    }

    function onEnd() {
      if (settled) return;
      sourceEnded = true;
      for (const s of live()) {
        if (!s.live || settled) continue;
        if (s.stream.destroyed) {
          dropSink(s, s.stream.errored ?? prematureClose(s.id));
          continue;
        }
        try {
          s.stream.end();
        } catch (e) {
          dropSink(s, toError(e));
        }
      }
      checkDone();
    }

    function onSourceError(e: unknown) {
      abortAll(toError(e), false);
    }

    function onSourceClose() {
      // A source destroyed without an error and without 'end' would otherwise hang the run.
      if (!sourceEnded && !settled) abortAll(source.errored ?? Object.assign(new Error("the source closed before it ended"), { code: "ERR_STREAM_PREMATURE_CLOSE" }), false);
    }

    function onAbort() {
      if (signal) abortAll(abortErrorFrom(signal), true);
    }

    // ---- wiring ---------------------------------------------------------------------------------
    if (signal?.aborted) {
      onAbort();
      return;
    }
    if (source.errored) {
      abortAll(source.errored, false);
      return;
    }
    if (source.destroyed || source.readableEnded) {
      // Nothing will ever be emitted again: an ended source is a usage error, not an empty backup.
      abortAll(new Error(source.destroyed ? "the source was already destroyed" : "the source had already ended"), false);
      return;
    }

    for (const s of states) {
      s.listeners = {
        error: (e: unknown) => {
          if (!s.finished) dropSink(s, toError(e)); // after 'finish' the outcome is settled
        },
        drain: () => {
          if (!s.awaitingDrain) return;
          s.awaitingDrain = false;
          maybeResume();
        },
        finish: () => {
          if (!sourceEnded) {
            // Ended by someone else: it will take no more data (and, ending, never emits 'drain').
            dropSink(s, new Error(`destination ${s.id} was ended before the source ended`));
            return;
          }
          s.finished = true;
          checkDone();
        },
        close: () => {
          if (!s.finished) dropSink(s, s.stream.errored ?? prematureClose(s.id));
        },
      };
      s.stream.on("error", s.listeners.error);
      s.stream.on("drain", s.listeners.drain);
      s.stream.on("finish", s.listeners.finish);
      s.stream.on("close", s.listeners.close);
    }
    for (const s of states) {
      if (s.stream.destroyed || s.stream.writableEnded) dropSink(s, s.stream.errored ?? new Error(`destination ${s.id} was not writable`));
      else if (s.stream.writableNeedDrain) s.awaitingDrain = true;
    }
    if (settled) return; // every sink was unusable

    signal?.addEventListener("abort", onAbort, { once: true });
    source.on("error", onSourceError);
    source.on("close", onSourceClose);
    source.on("end", onEnd);
    source.on("data", onData); // switches to flowing mode…
    paused = true;
    maybeResume(); // …and resume() makes sure of it, unless a sink still needs to drain.
    if (paused) source.pause();
  });
