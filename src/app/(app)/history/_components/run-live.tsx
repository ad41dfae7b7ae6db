"use client";
/**
 * The live parts of the run page. One provider opens the run's event stream; small islands (status
 * badge, elapsed time, progress card, log, cancel button) read it, so the rest of the page stays
 * server-rendered and one EventSource serves them all.
 */
import { ActivityIcon, ArrowDownIcon, FileTextIcon, SquareIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { createContext, type ReactNode, useContext, useEffect, useMemo, useRef, useState } from "react";
import { useServerAction } from "@/components/forms/use-server-action";
import {
  AlertDialog, AlertDialogAction, AlertDialogCancel, AlertDialogContent, AlertDialogDescription, AlertDialogFooter, AlertDialogHeader, AlertDialogTitle, AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/lib/utils";
import type { LogLineDto } from "@/server/services/executions/execution-dto";
import { isActiveStatus, isFinalStatus } from "@/server/services/executions/executions.schema";
import { cancelRestoreAction, cancelRunAction } from "../actions";
import type { CancelVia } from "./cancel-via";
import { formatBytes, formatClock, formatElapsed, formatRate, formatRatio } from "./run-format";
import { RunStatusBadge } from "./run-status-badge";
import { MAX_LIVE_LINES, type RunConnection, type RunProgress, useRunStream } from "./use-run-stream";

// ─── Context ─────────────────────────────────────────────────────────────────

export type RunSnapshot = {
  id: string;
  status: string;
  startedAt: string | null;
  endedAt: string | null;
  bytesRead: number;
  bytesStored: number;
  step: string | null;
  /** The server-rendered tail of the log */
  lines: LogLineDto[];
  /** Older lines exist before the first of `lines` */
  truncated: boolean;
};

type RunLiveValue = {
  id: string;
  status: string;
  active: boolean;
  startedAt: string | null;
  endedAt: string | null;
  progress: RunProgress;
  /** Whether a live progress event has arrived (else the numbers are the page's snapshot) */
  liveProgress: boolean;
  lines: LogLineDto[];
  truncated: boolean;
  connection: RunConnection;
};

const RunLiveContext = createContext<RunLiveValue | null>(null);

const useRunLive = (): RunLiveValue => {
  const v = useContext(RunLiveContext);
  if (!v) throw new Error("useRunLive outside RunLiveProvider");
  return v;
};

/** Server lines, then streamed ones, by id, without duplicates (a refresh re-renders the server part). */
const mergeLines = (server: LogLineDto[], live: LogLineDto[]): LogLineDto[] => {
  if (live.length === 0) return server;
  const lastServerId = server[server.length - 1]?.id ?? 0;
  const fresh = live.filter((l) => l.id > lastServerId);
  const merged = fresh.length === live.length ? [...server, ...fresh] : [...new Map([...server, ...live].map((l) => [l.id, l])).values()].sort((a, b) => a.id - b.id);
  return merged.length > MAX_LIVE_LINES ? merged.slice(merged.length - MAX_LIVE_LINES) : merged;
};

export function RunLiveProvider({ run, children }: { run: RunSnapshot; children: ReactNode }) {
  const active = isActiveStatus(run.status);
  const lastId = run.lines[run.lines.length - 1]?.id ?? 0;
  const stream = useRunStream(run.id, { afterLogId: lastId, enabled: active });
  const status = stream.status ?? run.status;
  const value = useMemo<RunLiveValue>(
    () => ({
      id: run.id,
      status,
      active: isActiveStatus(status),
      startedAt: run.startedAt,
      endedAt: run.endedAt,
      // Once the server says the run ended, its final numbers win over the last live event.
      progress: (active && stream.progress) || { bytesRead: run.bytesRead, bytesStored: run.bytesStored, rate: 0, step: run.step ?? "" },
      liveProgress: active && !!stream.progress,
      lines: mergeLines(run.lines, stream.lines),
      truncated: run.truncated,
      connection: stream.connection,
    }),
    [run, active, status, stream.progress, stream.lines, stream.connection],
  );
  return <RunLiveContext.Provider value={value}>{children}</RunLiveContext.Provider>;
}

// ─── Clock ───────────────────────────────────────────────────────────────────

const clientNow = () => Date.now();

/** The current time, ticking every second while `active` (null until the first tick; frozen after). */
function useNow(active: boolean): number | null {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => setNow(clientNow()), 1000);
    return () => clearInterval(t);
  }, [active]);
  return now;
}

// ─── Islands ─────────────────────────────────────────────────────────────────

export function LiveRunStatus({ className }: { className?: string }) {
  const { status } = useRunLive();
  return <RunStatusBadge status={status} data-testid="run-status" className={className} />;
}

/** Bytes read, bytes stored or their ratio, live while the run goes. */
export function LiveSize({ kind }: { kind: "read" | "stored" | "ratio" }) {
  const { progress } = useRunLive();
  const text =
    kind === "read"
      ? formatBytes(progress.bytesRead)
      : kind === "stored"
        ? formatBytes(progress.bytesStored)
        : formatRatio(progress.bytesRead > 0 ? progress.bytesStored / progress.bytesRead : null);
  return <span className="tabular-nums">{text}</span>;
}

/** Run time: fixed once ended, counting up while running. `serverElapsedMs` is what the server computed at render. */
export function LiveElapsed({ serverElapsedMs }: { serverElapsedMs: number | null }) {
  const { startedAt, endedAt, status } = useRunLive();
  const now = useNow(status === "Running" && !!startedAt);
  // Until the refreshed page brings endedAt, the last tick stands (no jump back to the first render's value).
  const ms = !endedAt && startedAt && now !== null ? Math.max(0, now - new Date(startedAt).getTime()) : serverElapsedMs;
  return (
    <span className="tabular-nums" suppressHydrationWarning>
      {formatElapsed(ms)}
    </span>
  );
}

const INDETERMINATE_CSS = `@keyframes bunker-run-indeterminate{0%{transform:translateX(-100%)}100%{transform:translateX(250%)}}`;

function IndeterminateBar({ paused }: { paused: boolean }) {
  return (
    <div
      className="bg-blue-600/15 dark:bg-blue-400/15 relative h-1.5 w-full overflow-hidden rounded-full"
      role="progressbar"
      aria-label="Run in progress; the total size is not known until the dump ends"
      aria-busy={!paused}
    >
      <style href="bunker-run-indeterminate" precedence="default">{INDETERMINATE_CSS}</style>
      <div
        className={cn(
          "absolute inset-y-0 left-0 w-2/5 rounded-full bg-blue-600 dark:bg-blue-400",
          "animate-[bunker-run-indeterminate_1.6s_cubic-bezier(0.65,0,0.35,1)_infinite] motion-reduce:w-full motion-reduce:animate-none motion-reduce:opacity-50",
          paused && "[animation-play-state:paused] opacity-40",
        )}
      />
    </div>
  );
}

function Stat({ label, value, hint }: { label: string; value: ReactNode; hint?: ReactNode }) {
  return (
    <div className="grid gap-0.5">
      <div className="text-muted-foreground text-xs font-medium">{label}</div>
      <div className="text-lg font-semibold tracking-tight tabular-nums">{value}</div>
      {hint ? <div className="text-muted-foreground text-xs">{hint}</div> : null}
    </div>
  );
}

const CONNECTION_LABEL: Record<RunConnection, string> = {
  idle: "",
  connecting: "Connecting…",
  live: "Live",
  reconnecting: "Reconnecting…",
  closed: "Disconnected",
};

/** Shown while the run is pending or running: a moving bar (the total is unknown while dumping) and the numbers. */
export type ProgressLabels = { read: string; readHint: string; stored: string; storedHint: string };

export function LiveProgressCard({ serverElapsedMs, labels }: { serverElapsedMs: number | null; labels?: ProgressLabels }) {
  const { status, active, progress, liveProgress, connection } = useRunLive();
  if (!active) return null;
  const pending = status === "Pending";
  const ratio = progress.bytesRead > 0 ? progress.bytesStored / progress.bytesRead : null;
  return (
    <Card data-testid="run-progress" className="gap-5 border-blue-600/30 dark:border-blue-400/30" aria-live="polite">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <ActivityIcon className="size-4 text-blue-600 dark:text-blue-400" aria-hidden />
          {pending ? "Waiting to start" : "In progress"}
        </CardTitle>
        <CardDescription className="truncate" data-testid="run-step">
          {pending ? "Queued: the run starts when a slot is free." : progress.step || "Starting…"}
        </CardDescription>
        <CardAction>
          <span className="text-muted-foreground flex items-center gap-1.5 text-xs">
            <span
              className={cn(
                "size-2 rounded-full",
                connection === "live" ? "animate-pulse bg-blue-600 motion-reduce:animate-none dark:bg-blue-400" : connection === "reconnecting" ? "bg-warning" : "bg-muted-foreground/40",
              )}
              aria-hidden
            />
            {CONNECTION_LABEL[connection]}
          </span>
        </CardAction>
      </CardHeader>
      <CardContent className="grid gap-5">
        <IndeterminateBar paused={pending || connection !== "live"} />
        <div className="grid grid-cols-2 gap-4 sm:grid-cols-4">
          <Stat label={labels?.read ?? "Read"} value={formatBytes(progress.bytesRead)} hint={labels?.readHint ?? "from the database"} />
          <Stat
            label={labels?.stored ?? "Stored"}
            value={formatBytes(progress.bytesStored)}
            hint={labels ? labels.storedHint : ratio !== null ? `${formatRatio(ratio)} of read` : "after compression"}
          />
          <Stat label="Rate" value={liveProgress && progress.rate > 0 ? formatRate(progress.rate) : "—"} hint="last few seconds" />
          <Stat label="Elapsed" value={pending ? "—" : <LiveElapsed serverElapsedMs={serverElapsedMs} />} />
        </div>
      </CardContent>
    </Card>
  );
}

const LEVEL_CLASS: Record<LogLineDto["level"], string> = {
  debug: "text-muted-foreground",
  info: "text-foreground",
  warn: "text-amber-700 dark:text-amber-400",
  error: "text-red-600 dark:text-red-400",
};

/** How close to the bottom (px) still counts as "following" the log. */
const STICKY_PX = 48;

/** The log: monospace, coloured by level, new lines appended live; it follows the end unless you scroll up. */
export function RunLog({ timezone }: { timezone: string }) {
  const { id, lines, truncated, active } = useRunLive();
  const box = useRef<HTMLDivElement>(null);
  const [following, setFollowing] = useState(true);
  const count = lines.length;

  useEffect(() => {
    const el = box.current;
    if (el && following) el.scrollTop = el.scrollHeight;
  }, [count, following]);

  const rawHref = `/api/v1/executions/${encodeURIComponent(id)}/logs?after=0&limit=5000&format=text`;
  return (
    <Card className="gap-0 overflow-hidden py-0">
      <div className="flex items-center justify-between gap-2 border-b px-4 py-3">
        <div className="flex items-center gap-2">
          <h2 className="text-sm font-semibold">Log</h2>
          <span className="text-muted-foreground text-xs tabular-nums">
            {count} line{count === 1 ? "" : "s"}
            {truncated ? " (latest)" : ""}
          </span>
        </div>
        <Button variant="ghost" size="sm" asChild>
          <a href={rawHref} target="_blank" rel="noreferrer">
            <FileTextIcon /> Raw log
          </a>
        </Button>
      </div>
      <div className="relative">
        <div
          ref={box}
          data-testid="run-log"
          role="log"
          aria-live={active ? "polite" : "off"}
          aria-label="Run log"
          tabIndex={0}
          onScroll={(e) => {
            const el = e.currentTarget;
            setFollowing(el.scrollHeight - el.scrollTop - el.clientHeight < STICKY_PX);
          }}
          className="bg-muted/30 max-h-[32rem] min-h-32 overflow-auto py-2 font-mono text-xs leading-5 focus-visible:outline-none"
        >
          {truncated ? (
            <div className="text-muted-foreground px-4 pb-1 italic">Earlier lines are not shown here; the raw log has them.</div>
          ) : null}
          {count === 0 ? (
            <div className="text-muted-foreground px-4 py-6 text-center font-sans text-sm">{active ? "Waiting for the first log line…" : "This run wrote no log lines."}</div>
          ) : (
            lines.map((l) => (
              <div key={l.id} data-level={l.level} className={cn("hover:bg-muted/60 grid grid-cols-[auto_3.25rem_1fr] gap-x-3 px-4", l.level === "error" && "bg-red-500/5")}>
                <time dateTime={l.at} className="text-muted-foreground/80 tabular-nums select-none">{formatClock(l.at, timezone)}</time>
                <span className={cn("uppercase select-none", LEVEL_CLASS[l.level])}>{l.level}</span>
                <span className={cn("break-words whitespace-pre-wrap", l.level === "info" ? "" : LEVEL_CLASS[l.level])}>{l.message}</span>
              </div>
            ))
          )}
        </div>
        {!following && count > 0 ? (
          <Button
            size="sm"
            variant="secondary"
            className="absolute right-4 bottom-3 shadow-md"
            onClick={() => {
              const el = box.current;
              if (el) el.scrollTop = el.scrollHeight;
              setFollowing(true);
            }}
          >
            <ArrowDownIcon /> Latest
          </Button>
        ) : null}
      </div>
    </Card>
  );
}

/**
 * Cancel, with a confirmation, while the run is pending or running. `via: "restore"` goes through the
 * storage:restore action, for restorers without jobs:execute.
 */
export function CancelRunButton({ label, via = "run" }: { label: string; via?: CancelVia }) {
  const { id, active, status } = useRunLive();
  const router = useRouter();
  const cancel = useServerAction(via === "restore" ? cancelRestoreAction : cancelRunAction);
  const [open, setOpen] = useState(false);
  if (!active || isFinalStatus(status)) return null;
  return (
    <AlertDialog open={open} onOpenChange={setOpen}>
      <AlertDialogTrigger asChild>
        <Button variant="outline" size="sm" disabled={cancel.pending} data-testid="run-cancel">
          <SquareIcon className="fill-current" /> {cancel.pending ? "Cancelling…" : "Cancel run"}
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Cancel {label}?</AlertDialogTitle>
          <AlertDialogDescription>
            {via === "restore"
              ? "The restore tool is stopped. The run ends as Cancelled."
              : "The dump is stopped and every upload still in flight is aborted. The run ends as Cancelled."}
          </AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel>Keep running</AlertDialogCancel>
          <AlertDialogAction
            className="bg-destructive hover:bg-destructive/90 text-white"
            onClick={() =>
              cancel.run({ executionId: id }, { success: "Cancelling the run…", toastError: true, onSuccess: () => router.refresh() })
            }
          >
            Cancel run
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
