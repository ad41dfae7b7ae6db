/**
 * One run's live events as a Server-Sent Events byte stream.
 *
 * On open: the log lines after `after` (or the last 500; more than 500 missed lines also fall back to
 * the last 500), then the current status. A run that already ended stops there. Otherwise every bus
 * event is forwarded (`event: progress|log|status`, `data: <json>`; log frames carry `id: <logId>` so
 * a browser reconnecting sends Last-Event-ID and gets no duplicates), with a `: ping` comment every 15 s,
 * until a final status arrives or the client goes away. Either way the bus listener and the timer are
 * released exactly once.
 *
 * The bus subscription is taken before the database is read, and events that arrive meanwhile are held
 * and replayed after the snapshot (log lines already sent are skipped by id), so nothing published
 * between the read and the subscription is lost.
 */
import { AppError } from "@/server/errors";
import { type RunEvent, subscribeRun } from "@/server/runs/progress-bus";
import { isFinalStatus } from "./executions.schema";
import { getExecutionState } from "./get-execution";
import { listExecutionLogs } from "./list-execution-logs";

export const SSE_HEADERS: Record<string, string> = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform",
  "x-accel-buffering": "no",
};

export const BACKFILL_LINES = 500;
const PING_MS = 15_000;
/** Chunks queued for a client that does not read: past this, progress frames (superseded by the next) are dropped. */
const MAX_BACKLOG = 256;

const encoder = new TextEncoder();

export const sseFrame = (event: string, data: unknown, id?: number): string =>
  `${id !== undefined ? `id: ${id}\n` : ""}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

export type RunEventStreamOptions = {
  executionId: string;
  /** Last log id the client already has */
  after?: number;
  /** Aborts when the client disconnects */
  signal?: AbortSignal;
  pingMs?: number;
};

/** Throws AppError NOT_FOUND (before any byte is sent) when the run does not exist. */
export const openRunEventStream = async ({ executionId, after, signal, pingMs = PING_MS }: RunEventStreamOptions): Promise<ReadableStream<Uint8Array>> => {
  const held: RunEvent[] = [];
  let forward: ((e: RunEvent) => void) | null = null;
  const unsubscribe = subscribeRun(executionId, (e) => (forward ? forward(e) : held.push(e)));

  let snapshot;
  try {
    const state = await getExecutionState(executionId);
    if (!state) throw new AppError("NOT_FOUND", "That run does not exist.");
    let logs = await listExecutionLogs({ executionId, after, limit: BACKFILL_LINES });
    if (logs.hasMore) logs = await listExecutionLogs({ executionId, limit: BACKFILL_LINES });
    snapshot = { state, lines: logs.lines };
  } catch (e) {
    unsubscribe();
    throw e;
  }

  let closed = false;
  let ping: ReturnType<typeof setInterval> | undefined;
  let onAbort: (() => void) | undefined;
  const release = () => {
    if (closed) return;
    closed = true;
    forward = null;
    unsubscribe();
    if (ping) clearInterval(ping);
    if (onAbort) signal?.removeEventListener("abort", onAbort);
  };

  return new ReadableStream<Uint8Array>({
    start(controller) {
      let lastLogId = after ?? 0;
      const send = (s: string) => {
        if (!closed) controller.enqueue(encoder.encode(s));
      };
      const end = () => {
        if (closed) return;
        release();
        try {
          controller.close();
        } catch {
          // already closed or errored by the consumer
        }
      };
      const handle = (e: RunEvent) => {
        if (closed) return;
        switch (e.type) {
          case "log":
            if (e.id <= lastLogId) return;
            lastLogId = e.id;
            send(sseFrame("log", e, e.id));
            return;
          case "progress":
            if ((controller.desiredSize ?? 0) < -MAX_BACKLOG) return;
            send(sseFrame("progress", e));
            return;
          case "status":
            send(sseFrame("status", e));
            if (isFinalStatus(e.status)) end();
            return;
        }
      };

      send("retry: 3000\n\n");
      for (const l of snapshot.lines) handle({ type: "log", ...l });
      const { status, error, warning } = snapshot.state;
      handle({ type: "status", status: status as Extract<RunEvent, { type: "status" }>["status"], error, warning });
      if (closed) return;

      for (const e of held.splice(0)) handle(e);
      if (closed) return;
      forward = handle;
      ping = setInterval(() => send(": ping\n\n"), pingMs);
      if (signal) {
        onAbort = end;
        if (signal.aborted) end();
        else signal.addEventListener("abort", onAbort, { once: true });
      }
    },
    cancel() {
      release();
    },
  });
};
