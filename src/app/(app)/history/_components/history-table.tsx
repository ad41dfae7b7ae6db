import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { type DateFormat, formatDateTime, formatRelative } from "@/lib/format";
import type { ExecutionListItem } from "@/server/services/executions/execution-dto";
import { formatBytes, formatElapsed, triggerLabel } from "./run-format";
import { RunStatusBadge } from "./run-status-badge";

const elapsedSince = (iso: string, now: number) => Math.max(0, now - new Date(iso).getTime());

/** One row per run; the whole row opens the run page. `now` is the render time, for runs still going. */
export function HistoryTable({ rows, timezone, dateFormat, now }: { rows: ExecutionListItem[]; timezone: string; dateFormat?: DateFormat; now: number }) {
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead className="pl-4">Status</TableHead>
          <TableHead>Job</TableHead>
          <TableHead>Type</TableHead>
          <TableHead>Trigger</TableHead>
          <TableHead>Started</TableHead>
          <TableHead className="text-right">Duration</TableHead>
          <TableHead className="text-right">Stored</TableHead>
          <TableHead className="pr-4">Error</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((r) => {
          const started = r.startedAt ?? r.queuedAt;
          const running = !r.endedAt && !!r.startedAt;
          const note = r.errorExcerpt ?? r.warningExcerpt;
          return (
            <TableRow key={r.id} data-testid="history-row" className="group relative cursor-pointer">
              <TableCell className="pl-4">
                {/* The link stretches over the whole row: one tab stop per run, middle-click opens a tab. */}
                <Link href={`/history/${r.id}`} className="after:absolute after:inset-0 focus-visible:outline-none" aria-label={`Run ${r.id} (${r.status})`}>
                  <RunStatusBadge status={r.status} />
                </Link>
              </TableCell>
              <TableCell className="max-w-56 truncate font-medium">
                {r.restore ? (
                  <span title={`${r.restore.backupDatabase} → ${r.restore.database} on ${r.restore.targetSourceName}`}>
                    {r.restore.jobName ?? r.restore.backupDatabase}
                    <span className="text-muted-foreground font-normal"> → {r.restore.database}</span>
                  </span>
                ) : r.job ? (
                  r.job.name
                ) : (
                  <span className="text-muted-foreground font-normal">{r.type === "System" ? "System task" : "Deleted job"}</span>
                )}
              </TableCell>
              <TableCell className="text-muted-foreground">
                {r.type === "Restore" ? <Badge variant="outline" data-testid="history-type-restore">Restore</Badge> : r.type}
              </TableCell>
              <TableCell className="text-muted-foreground">{triggerLabel(r.trigger)}</TableCell>
              <TableCell className="tabular-nums">
                <div>{formatDateTime(started, timezone, dateFormat)}</div>
                <div className="text-muted-foreground text-xs">
                  {r.startedAt ? formatRelative(started, now) : `Queued ${formatRelative(started, now)}`}
                </div>
              </TableCell>
              <TableCell className="text-right tabular-nums">
                {r.durationMs !== null ? (
                  formatElapsed(r.durationMs)
                ) : running && r.startedAt ? (
                  <span className="text-blue-600 dark:text-blue-400">{formatElapsed(elapsedSince(r.startedAt, now))}…</span>
                ) : (
                  <span className="text-muted-foreground">—</span>
                )}
              </TableCell>
              <TableCell className="text-right tabular-nums">
                {r.bytesStored > 0 ? formatBytes(r.bytesStored) : <span className="text-muted-foreground">—</span>}
              </TableCell>
              <TableCell className="max-w-80 pr-4">
                {note ? (
                  <span className={r.errorExcerpt ? "text-destructive block truncate" : "block truncate text-amber-700 dark:text-amber-400"} title={note}>
                    {note}
                  </span>
                ) : (
                  <span className="text-muted-foreground">—</span>
                )}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
