import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { ArrowLeftIcon, CircleAlertIcon, TriangleAlertIcon } from "lucide-react";
import { PageHeader } from "@/components/common/page-header";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Card, CardContent } from "@/components/ui/card";
import { formatDateTime, formatRelative } from "@/lib/format";
import { requirePage } from "@/server/http/page";
import { type ExecutionDetail } from "@/server/services/executions/execution-dto";
import { getExecution } from "@/server/services/executions/get-execution";
import { listExecutionLogs } from "@/server/services/executions/list-execution-logs";
import { BACKFILL_LINES } from "@/server/services/executions/run-event-stream";
import { getDateDisplay } from "@/server/services/profile/preferences";
import { cancelVia } from "../_components/cancel-via";
import { triggerLabel } from "../_components/run-format";
import { CancelRunButton, LiveElapsed, LiveProgressCard, LiveRunStatus, LiveSize, RunLiveProvider, RunLog } from "../_components/run-live";
import { RunOutcomes } from "../_components/run-outcomes";
import { RunRestore } from "../_components/run-restore";

export const metadata: Metadata = { title: "Run" };

const renderedAt = () => Date.now();

/** Wall time so far: fixed once ended, else up to this render (the page counts on from there). */
const elapsedMs = (run: ExecutionDetail, now: number): number | null =>
  run.durationMs ?? (run.startedAt ? Math.max(0, now - new Date(run.startedAt).getTime()) : null);

function Fact({ label, children, hint }: { label: string; children: ReactNode; hint?: ReactNode }) {
  return (
    <div className="grid min-w-0 content-start gap-1">
      <dt className="text-muted-foreground text-xs font-medium">{label}</dt>
      <dd className="truncate text-sm font-medium">{children}</dd>
      {hint ? <dd className="text-muted-foreground truncate text-xs">{hint}</dd> : null}
    </div>
  );
}

export default async function RunPage({ params }: { params: Promise<{ executionId: string }> }) {
  const caller = await requirePage("history:read");
  const { executionId } = await params;
  const run = await getExecution(executionId);
  if (!run) notFound();
  const [logs, { timeZone: timezone, dateFormat }] = await Promise.all([listExecutionLogs({ executionId, limit: BACKFILL_LINES }), getDateDisplay(caller.userId)]);
  const now = renderedAt();
  const elapsed = elapsedMs(run, now);
  const restore = run.type === "Restore" ? (run.metadata.restore ?? null) : null;
  const title = restore ? `Restore ${restore.backupDatabase} → ${restore.database}` : (run.job?.name ?? (run.type === "System" ? "System task" : `${run.type} run`));
  const label = restore ? `the restore into ${restore.database}` : run.job ? `this ${run.type.toLowerCase()} of ${run.job.name}` : "this run";
  const by = run.triggeredBy ? ` by ${run.triggeredBy.name}` : "";
  const showOutcomes = run.type === "Backup" || run.metadata.databases.length > 0;
  const via = cancelVia(caller.grant, run.type);


  return (
    <RunLiveProvider
      run={{
        id: run.id,
        status: run.status,
        startedAt: run.startedAt,
        endedAt: run.endedAt,
        bytesRead: run.bytesRead,
        bytesStored: run.bytesStored,
        step: run.step,
        lines: logs.lines,
        truncated: logs.truncated,
      }}
    >
      <div className="grid gap-6">
        <div className="grid gap-3">
          <Link href="/history" className="text-muted-foreground hover:text-foreground inline-flex w-fit items-center gap-1 text-sm">
            <ArrowLeftIcon className="size-3.5" /> History
          </Link>
          <PageHeader
            title={title}
            description={
              <>
                {run.type} · {triggerLabel(run.trigger).toLowerCase()}
                {by} · <span className="font-mono text-xs">{run.id}</span>
              </>
            }
            actions={
              <>
                <LiveRunStatus className="px-2.5 py-1 text-sm" />
                {via ? <CancelRunButton label={label} via={via} /> : null}
              </>
            }
          />
        </div>

        {run.error ? (
          <Alert variant="destructive" data-testid="run-error">
            <CircleAlertIcon />
            <AlertTitle>{run.status === "Partial" ? "Some parts failed" : "The run failed"}</AlertTitle>
            <AlertDescription className="font-mono text-xs break-words whitespace-pre-wrap">{run.error}</AlertDescription>
          </Alert>
        ) : null}
        {run.warning ? (
          <Alert variant="warning" data-testid="run-warning">
            <TriangleAlertIcon />
            <AlertTitle>Warning</AlertTitle>
            <AlertDescription className="break-words whitespace-pre-wrap">{run.warning}</AlertDescription>
          </Alert>
        ) : null}

        <Card className="py-5">
          <CardContent>
            <dl className="grid grid-cols-2 gap-x-6 gap-y-5 sm:grid-cols-4">
              <Fact label={restore ? "Restore of" : "Job"}>
                {restore ? (
                  <span>{restore.jobName ?? "Deleted job"}</span>
                ) : run.job ? (
                  <Link href={`/jobs/${run.job.id}`} className="text-primary hover:underline">{run.job.name}</Link>
                ) : (
                  <span className="text-muted-foreground">{run.type === "System" ? "None" : "Deleted"}</span>
                )}
              </Fact>
              <Fact label="Trigger" hint={run.triggeredBy ? `by ${run.triggeredBy.name}` : undefined}>{triggerLabel(run.trigger)}</Fact>
              <Fact
                label="Started"
                hint={run.startedAt ? (run.waitMs && run.waitMs >= 1000 ? `after ${Math.round(run.waitMs / 1000)}s in queue` : formatRelative(run.startedAt, now)) : `queued ${formatRelative(run.queuedAt, now)}`}
              >
                {run.startedAt ? formatDateTime(run.startedAt, timezone, dateFormat) : <span className="text-muted-foreground">Not yet</span>}
              </Fact>
              <Fact label="Ended">{run.endedAt ? formatDateTime(run.endedAt, timezone, dateFormat) : <span className="text-muted-foreground">—</span>}</Fact>
              <Fact label="Duration">
                <LiveElapsed serverElapsedMs={elapsed} />
              </Fact>
              <Fact label={restore ? "Verified" : "Read"} hint={restore ? "stored bytes checked" : undefined}>
                <LiveSize kind="read" />
              </Fact>
              <Fact label={restore ? "Restored" : "Stored"} hint={restore ? "stored bytes fed to the restore" : undefined}>
                <LiveSize kind="stored" />
              </Fact>
              {restore ? null : (
                <Fact label="Ratio" hint="stored ÷ read">
                  <LiveSize kind="ratio" />
                </Fact>
              )}
            </dl>
          </CardContent>
        </Card>

        <LiveProgressCard serverElapsedMs={elapsed} labels={restore ? { read: "Verified", readHint: "backup bytes checked", stored: "Restored", storedHint: "backup bytes restored" } : undefined} />
        {restore ? <RunRestore restore={restore} status={run.status} /> : null}
        {showOutcomes ? <RunOutcomes databases={run.metadata.databases} active={!run.final} /> : null}
        <RunLog timezone={timezone} />
      </div>
    </RunLiveProvider>
  );
}
