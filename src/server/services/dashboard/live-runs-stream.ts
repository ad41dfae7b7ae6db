/**
 * Every run's state changes as one Server-Sent Events stream, for the dashboard's latest-runs list:
 * `event: status` ({executionId, status, error}) and `event: progress` ({executionId, bytesStored,
 * rate, step}, at most one per run per second), with a `: ping` every 15 s. Log lines are not sent (the
 * run page has its own stream). The listener and the timer are released once, when the client goes away.
 */
import { type RunEvent, subscribeAllRuns } from "@/server/runs/progress-bus";
import { sseFrame } from "../executions/run-event-stream";

const PING_MS = 15_000;
const PROGRESS_EVERY_MS = 1_000;
/** A client that does not read: past this many queued chunks, progress frames are dropped. */
const MAX_BACKLOG = 256;
const encoder = new TextEncoder();

export const openLiveRunsStream = ({ signal, pingMs = PING_MS }: { signal?: AbortSignal; pingMs?: number } = {}): ReadableStream<Uint8Array> => {
  let release = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      const lastProgress = new Map<string, number>();
      const send = (s: string) => {
        if (!closed) controller.enqueue(encoder.encode(s));
      };
      const unsubscribe = subscribeAllRuns((executionId: string, e: RunEvent) => {
        if (e.type === "status") {
          lastProgress.delete(executionId);
          send(sseFrame("status", { executionId, status: e.status, error: e.error ?? null }));
        } else if (e.type === "progress") {
          const now = Date.now();
          if (now - (lastProgress.get(executionId) ?? 0) < PROGRESS_EVERY_MS) return;
          if ((controller.desiredSize ?? 0) < -MAX_BACKLOG) return;
          lastProgress.set(executionId, now);
          send(sseFrame("progress", { executionId, bytesRead: e.bytesRead, bytesStored: e.bytesStored, rate: e.rate, step: e.step }));
        }
      });
      const ping = setInterval(() => send(": ping\n\n"), pingMs);
      release = () => {
        if (closed) return;
        closed = true;
        unsubscribe();
        clearInterval(ping);
        signal?.removeEventListener("abort", onAbort);
      };
      const onAbort = () => {
        release();
        try {
          controller.close();
        } catch {
          // already closed by the consumer
        }
      };
      send("retry: 3000\n\n");
      if (signal?.aborted) onAbort();
      else signal?.addEventListener("abort", onAbort, { once: true });
    },
    cancel() {
      release();
    },
  });
};
