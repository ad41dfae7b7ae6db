import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { compactCount, drillSummary, formatRto } from "@/lib/drills/summary";
import { formatDateTime, formatRelative } from "@/lib/format";
import type { DrillHistoryItem, JobDrills } from "@/server/services/drills/get-job-drills";
import { RtoChart } from "./rto-chart";
import { RunDrillButton } from "./run-drill-button";

const hours = (ms: number) => `${(ms / 3_600_000).toFixed(ms < 36_000_000 ? 1 : 0)} h`;

function Objectives({ o }: { o: NonNullable<JobDrills["objectives"]> }) {
  const rpo = o.rpo;
  return (
    <dl className="grid gap-3 text-sm sm:grid-cols-2" data-testid="job-objectives">
      <div className="rounded-lg border p-3">
        <dt className="text-muted-foreground text-xs">Recovery point objective (RPO)</dt>
        <dd className="mt-1 flex flex-wrap items-center gap-2">
          {rpo.targetMs === null ? (
            <span>None: the job has no schedule</span>
          ) : (
            <>
              <span className="font-medium">{hours(rpo.targetMs)}</span>
              <span className="text-muted-foreground">(interval + {rpo.tolerancePercent}%)</span>
              {rpo.breached ? <Badge variant="destructive">Breached</Badge> : <Badge variant="outline">Met</Badge>}
            </>
          )}
        </dd>
        <dd className="text-muted-foreground mt-1 text-xs" suppressHydrationWarning>
          Newest verified backup: {rpo.lastVerifiedBackupAt ? `${formatRelative(rpo.lastVerifiedBackupAt)}` : "none yet"}
        </dd>
      </div>
      <div className="rounded-lg border p-3">
        <dt className="text-muted-foreground text-xs">Recovery time objective (RTO)</dt>
        <dd className="mt-1 font-medium">{o.rto.lastMs === null ? "Unknown: no drill has passed yet" : formatRto(o.rto.lastMs)}</dd>
        <dd className="text-muted-foreground mt-1 text-xs">The last passed drill&apos;s verification and restore time.</dd>
      </div>
    </dl>
  );
}

function DrillDetails({ d, timeZone }: { d: DrillHistoryItem; timeZone: string }) {
  const multi = new Set(d.tables.map((t) => t.database)).size > 1;
  return (
    <details className="rounded-lg border" data-testid="drill-history-item">
      <summary className="flex cursor-pointer flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2 text-sm">
        <Badge variant={d.status === "passed" ? "outline" : d.status === "cancelled" ? "secondary" : "destructive"}>{d.status}</Badge>
        <span>{formatDateTime(d.at, timeZone)}</span>
        <span className="text-muted-foreground">
          {d.rtoMs === null ? "not restored" : `${compactCount(d.rows)} rows in ${formatRto(d.rtoMs)}`}
          {d.checks.length ? ` · ${d.checksPassed}/${d.checks.length} checks` : ""}
        </span>
        <Link href={`/history/${d.executionId}`} className="text-primary ml-auto text-xs underline-offset-2 hover:underline">
          Run log
        </Link>
      </summary>
      <div className="grid gap-3 border-t px-3 py-3 text-sm">
        {d.error ? <p className="text-destructive break-words">{d.error}</p> : null}
        {d.tables.length ? (
          <table className="w-full text-left text-xs">
            <thead className="text-muted-foreground">
              <tr>
                <th className="py-1 font-medium">Table</th>
                <th className="py-1 text-right font-medium">Expected (at backup)</th>
                <th className="py-1 text-right font-medium">Restored</th>
              </tr>
            </thead>
            <tbody className="tabular-nums">
              {d.tables.map((t) => (
                <tr key={`${t.database}/${t.table}`} className={t.ok ? "" : "text-destructive font-medium"}>
                  <td className="py-0.5">{multi ? `${t.database} / ${t.table}` : t.table}</td>
                  <td className="py-0.5 text-right">{t.expected === null ? "not recorded" : t.expected.toLocaleString("en-US")}</td>
                  <td className="py-0.5 text-right">{t.restored === null ? "missing" : t.restored.toLocaleString("en-US")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {d.checks.length ? (
          <ul className="grid gap-1 text-xs">
            {d.checks.map((c, i) => (
              <li key={i} className={c.passed ? "" : "text-destructive"}>
                <span className="font-medium">{c.passed ? "✓" : "✗"} {c.name}</span>: got <code>{c.actual ?? "NULL"}</code>, expected <code>{c.expectation}</code>
                {c.error && !c.passed ? ` (${c.error})` : ""}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </details>
  );
}

/** The job page's recovery card: last drill in one line, RPO and RTO, the RTO trend and the drill history. */
export function JobRecovery({ jobId, data, drillsOn, canRun, timeZone }: { jobId: string; data: JobDrills; drillsOn: boolean; canRun: boolean; timeZone: string }) {
  // A cancelled drill proves nothing either way: the last drill is the last one that ran to its end.
  const last = data.history.find((d) => d.status !== "cancelled");
  const trend = data.history.filter((d) => d.rtoMs !== null && d.status !== "cancelled").reverse();
  return (
    <Card id="recovery" role="region" aria-labelledby="recovery-title">
      <CardHeader>
        <CardTitle id="recovery-title">Recovery</CardTitle>
        <CardDescription data-testid="last-drill" suppressHydrationWarning>
          {last
            ? `Last drill: ${drillSummary({ status: last.status, at: last.at, rows: last.rows, rtoMs: last.rtoMs, checksPassed: last.checksPassed, checksTotal: last.checks.length, error: last.error })}`
            : drillsOn
              ? "No drill yet."
              : "Restore drills are off: switch them on in the drills section below."}
          {data.active ? (
            <>
              {" "}
              <Link href={`/history/${data.active.executionId}`} className="text-primary underline-offset-2 hover:underline">
                A drill is {data.active.status === "Running" ? "running" : "queued"}.
              </Link>
            </>
          ) : null}
        </CardDescription>
        {canRun && drillsOn ? (
          <CardAction>
            <RunDrillButton jobId={jobId} disabled={data.active !== null} />
          </CardAction>
        ) : null}
      </CardHeader>
      <CardContent className="grid gap-4">
        {data.objectives ? <Objectives o={data.objectives} /> : null}
        {trend.length > 1 ? (
          <div>
            <h3 className="text-muted-foreground mb-1 text-xs font-medium">Restore time per drill</h3>
            <RtoChart points={trend.map((d) => ({ at: d.at, rtoMs: d.rtoMs as number, status: d.status }))} />
          </div>
        ) : null}
        {data.history.length ? (
          <div className="grid gap-2">
            <h3 className="text-muted-foreground text-xs font-medium">Drill history</h3>
            {data.history.map((d) => (
              <DrillDetails key={d.executionId} d={d} timeZone={timeZone} />
            ))}
          </div>
        ) : null}
      </CardContent>
    </Card>
  );
}
