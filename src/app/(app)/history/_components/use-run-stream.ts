"use client";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import type { LogLineDto } from "@/server/services/executions/execution-dto";
import { isFinalStatus } from "@/server/services/executions/executions.schema";

export type RunProgress = { bytesRead: number; bytesStored: number; rate: number; step: string };

export type RunConnection = "idle" | "connecting" | "live" | "reconnecting" | "closed";

export type RunStreamState = {
  /** Latest status seen on the stream; null until the stream says anything */
  status: string | null;
  error: string | null;
  warning: string | null;
  progress: RunProgress | null;
  /** Log lines received on the stream, in id order, without duplicates */
  lines: LogLineDto[];
  connection: RunConnection;
};

/** The client keeps at most this many streamed lines; the raw log link has everything. */
export const MAX_LIVE_LINES = 5000;

const parse = <T,>(e: Event): T | null => {
  try {
    return JSON.parse((e as MessageEvent<string>).data) as T;
  } catch {
    return null;
  }
};

/**
 * Follows one run over Server-Sent Events (GET /api/v1/executions/:id/events). `afterLogId` is the last
 * line the page already rendered, so nothing is sent twice; the browser's own reconnects carry
 * Last-Event-ID for the same purpose. On a final status the stream is closed and the server-rendered
 * page refreshed (ended time, outcomes, sizes). Disabled for runs that have already ended.
 */
export function useRunStream(executionId: string, { afterLogId, enabled }: { afterLogId: number; enabled: boolean }): RunStreamState {
  const router = useRouter();
  const [status, setStatus] = useState<{ status: string; error: string | null; warning: string | null } | null>(null);
  const [progress, setProgress] = useState<RunProgress | null>(null);
  const [lines, setLines] = useState<LogLineDto[]>([]);
  const [connection, setConnection] = useState<RunConnection>(enabled ? "connecting" : "idle");
  // The last log id seen, so a re-created stream (new id, re-enabled) resumes where the page is.
  const lastLogId = useRef(afterLogId);

  useEffect(() => {
    if (!enabled) return;
    const es = new EventSource(`/api/v1/executions/${encodeURIComponent(executionId)}/events?after=${lastLogId.current}`);
    let done = false;

    es.addEventListener("open", () => setConnection("live"));
    es.addEventListener("progress", (e) => {
      const p = parse<RunProgress>(e);
      if (p) setProgress({ bytesRead: p.bytesRead, bytesStored: p.bytesStored, rate: p.rate, step: p.step });
    });
    es.addEventListener("log", (e) => {
      const l = parse<LogLineDto>(e);
      if (!l || l.id <= lastLogId.current) return;
      lastLogId.current = l.id;
      const line: LogLineDto = { id: l.id, at: l.at, level: l.level, message: l.message };
      setLines((prev) => {
        const next = prev.length >= MAX_LIVE_LINES ? prev.slice(prev.length - MAX_LIVE_LINES + 1) : prev.slice();
        next.push(line);
        return next;
      });
    });
    es.addEventListener("status", (e) => {
      const s = parse<{ status: string; error?: string | null; warning?: string | null }>(e);
      if (!s) return;
      setStatus({ status: s.status, error: s.error ?? null, warning: s.warning ?? null });
      if (isFinalStatus(s.status)) {
        done = true;
        es.close();
        setConnection("closed");
        router.refresh();
      }
    });
    es.addEventListener("error", () => {
      if (done) return;
      // CLOSED: the server refused (403, 404) and the browser will not retry; otherwise it retries itself.
      setConnection(es.readyState === EventSource.CLOSED ? "closed" : "reconnecting");
    });

    return () => {
      done = true;
      es.close();
    };
  }, [executionId, enabled, router]);

  return {
    status: status?.status ?? null,
    error: status?.error ?? null,
    warning: status?.warning ?? null,
    progress,
    lines,
    connection: enabled ? connection : "idle",
  };
}
