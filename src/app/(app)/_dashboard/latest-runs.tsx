"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { formatBytes, formatRate } from "@/app/(app)/history/_components/run-format";
import { RunStatusBadge } from "@/app/(app)/history/_components/run-status-badge";
import { formatRelative } from "@/lib/format";
import type { ExecutionListItem } from "@/server/services/executions/execution-dto";

type Progress = { bytesStored: number; rate: number; step: string };

const FINAL = new Set(["Success", "Partial", "Failed", "Cancelled", "Skipped"]);

/**
 * The newest runs, kept live over Server-Sent Events (GET /api/v1/executions/events): a status or
 * progress event updates its row in place; a run the list does not show yet, or one that just ended,
 * re-renders the server part (debounced), so new rows, sizes and durations come from the database.
 */
export function LatestRuns({ rows, now, live }: { rows: ExecutionListItem[]; now: number; live: boolean }) {
  const router = useRouter();
  const [status, setStatus] = useState<Record<string, string>>({});
  const [progress, setProgress] = useState<Record<string, Progress>>({});
  const [connected, setConnected] = useState(false);
  // The ids on screen, read by the stream's handlers (which outlive a render).
  const known = useRef(new Set(rows.map((r) => r.id)));
  useEffect(() => {
    known.current = new Set(rows.map((r) => r.id));
  }, [rows]);

  useEffect(() => {
    if (!live) return;
    const es = new EventSource("/api/v1/executions/events");
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      clearTimeout(timer);
      timer = setTimeout(() => router.refresh(), 400);
    };
    es.addEventListener("open", () => setConnected(true));
    es.addEventListener("error", () => setConnected(false));
    es.addEventListener("status", (e) => {
      const s = JSON.parse((e as MessageEvent<string>).data) as { executionId: string; status: string };
      setStatus((prev) => ({ ...prev, [s.executionId]: s.status }));
      if (!known.current.has(s.executionId) || FINAL.has(s.status)) refresh();
    });
    es.addEventListener("progress", (e) => {
      const p = JSON.parse((e as MessageEvent<string>).data) as Progress & { executionId: string };
      setProgress((prev) => ({ ...prev, [p.executionId]: { bytesStored: p.bytesStored, rate: p.rate, step: p.step } }));
      if (!known.current.has(p.executionId)) refresh();
    });
    return () => {
      clearTimeout(timer);
      es.close();
    };
  }, [live, router]);

  if (rows.length === 0) return <p className="text-muted-foreground text-sm">No runs yet.</p>;
  return (
    <div className="grid gap-2">
      {live ? (
        <p className="text-muted-foreground flex items-center gap-1.5 text-xs" data-testid="latest-runs-live">
          <span className={connected ? "size-2 rounded-full bg-green-500" : "bg-muted-foreground/50 size-2 rounded-full"} />
          {connected ? "Live" : "Connecting…"}
        </p>
      ) : null}
      <ul className="divide-y" data-testid="latest-runs">
        {rows.map((r) => {
          // A final status from the database wins over a stale live one.
          const st = FINAL.has(r.status) ? r.status : (status[r.id] ?? r.status);
          const p = st === "Running" ? progress[r.id] : undefined;
          const name = r.restore ? (r.restore.jobName ?? r.restore.backupDatabase) : (r.job?.name ?? (r.type === "System" ? "System task" : "Deleted job"));
          return (
            <li key={r.id} className="flex items-center gap-3 py-2 text-sm">
              <RunStatusBadge status={st} className="shrink-0" />
              <div className="min-w-0 flex-1">
                <Link href={`/history/${r.id}`} className="block truncate font-medium hover:underline">
                  {name}
                  {r.type !== "Backup" ? <span className="text-muted-foreground font-normal"> · {r.type}</span> : null}
                </Link>
                <div className="text-muted-foreground truncate text-xs">
                  {p ? `${p.step} · ${formatBytes(p.bytesStored)} at ${formatRate(p.rate)}` : r.errorExcerpt ? <span className="text-destructive">{r.errorExcerpt}</span> : formatRelative(r.startedAt ?? r.queuedAt, now)}
                </div>
              </div>
              <span className="text-muted-foreground shrink-0 text-xs tabular-nums">{r.bytesStored > 0 ? formatBytes(r.bytesStored) : ""}</span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
