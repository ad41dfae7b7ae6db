import type { Metadata } from "next";
import Link from "next/link";
import { Activity, AlertTriangle, CalendarClock, CalendarDays, CheckCircle2, Circle, HardDrive, PieChart, Server, TrendingUp } from "lucide-react";
import { PageHeader } from "@/components/common/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { formatDuration } from "@/lib/format";
import { requirePage } from "@/server/http/page";
import { can } from "@/server/rbac/permissions";
import { getDashboard } from "@/server/services/dashboard/get-dashboard";
import { getOverview } from "@/server/services/dashboard/get-overview";
import { getHealth } from "@/server/services/health/get-health";
import { getSetting } from "@/server/services/settings/get-settings";
import { formatBytes } from "./history/_components/run-format";
import { ActivityChart } from "./_dashboard/activity-chart";
import { CalendarHeatmap } from "./_dashboard/calendar-heatmap";
import { formatAge } from "./_dashboard/format-interval";
import { JOB_STATUS_COLORS, JobStatusChart } from "./_dashboard/job-status-chart";
import { LatestRuns } from "./_dashboard/latest-runs";
import { StorageChart } from "./_dashboard/storage-chart";
import { VerdictBanner } from "./_dashboard/verdict-banner";
import { VerificationCard } from "./_dashboard/verification-card";

export const metadata: Metadata = { title: "Dashboard" };
export const dynamic = "force-dynamic";

const renderedAt = () => Date.now();

export default async function DashboardPage() {
  const caller = await requirePage("authenticated");
  // Run data names jobs and errors: only for callers who may read the history.
  const canSeeRuns = can(caller.grant, "history:read");
  const [overview, health, instanceName, dash] = await Promise.all([
    getOverview(),
    getHealth(),
    getSetting("instance.name"),
    canSeeRuns ? getDashboard() : Promise.resolve(null),
  ]);
  const c = overview.counts;
  const steps = [
    { label: "Create the first administrator", done: c.users > 0 },
    { label: "Add a source: the database to back up", done: c.sources > 0 },
    { label: "Add a destination: a folder, an S3 bucket or an SFTP server", done: c.destinations > 0 },
    { label: "Create an encryption profile and keep its recovery kit offline", done: c.encryptionProfiles > 0 },
    { label: "Create a job with a schedule and a retention policy", done: c.jobs > 0 },
  ];
  const stepsDone = steps.filter((s) => s.done).length;
  const now = dash ? new Date(dash.generatedAt).getTime() : renderedAt();

  return (
    <div className="grid gap-6">
      <PageHeader title={`Welcome, ${caller.name.split(" ")[0]}`} description={`${instanceName}: are the backups there, and do they verify?`} />

      {dash ? <VerdictBanner verdict={dash.verdict} /> : null}

      {stepsDone < steps.length ? (
        <Card>
          <CardHeader>
            <CardTitle>Getting started</CardTitle>
            <CardDescription>
              {stepsDone} of {steps.length} done. A backup you have never restored is a hope, not a backup: Bunker verifies and drills every one.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <ol className="grid gap-3">
              {steps.map((s) => (
                <li key={s.label} className="flex items-center gap-3 text-sm">
                  {s.done ? <CheckCircle2 className="text-success size-5 shrink-0" /> : <Circle className="text-muted-foreground size-5 shrink-0" />}
                  <span className={s.done ? "text-muted-foreground line-through" : ""}>{s.label}</span>
                </li>
              ))}
            </ol>
          </CardContent>
        </Card>
      ) : null}

      {dash ? (
        <>

          <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4" data-testid="dashboard-kpis">
            <Kpi label="Jobs" icon={CalendarClock} value={String(dash.kpis.jobs)} note={`${dash.kpis.enabledJobs} enabled`} href="/jobs" />
            <Kpi
              label="Success rate, 30 days"
              icon={TrendingUp}
              value={dash.kpis.successRate === null ? "—" : `${(dash.kpis.successRate * 100).toFixed(dash.kpis.successRate >= 0.999 || dash.kpis.successRate === 0 ? 0 : 1)}%`}
              note={dash.kpis.finishedRuns ? `${dash.kpis.finishedRuns} finished backup runs` : "No finished backup runs"}
              tone={dash.kpis.successRate !== null && dash.kpis.successRate < 0.9 ? "bad" : undefined}
            />
            <Kpi label="Stored" icon={HardDrive} value={formatBytes(dash.kpis.storedBytes)} note={`${dash.kpis.backupCount} backups kept`} href="/storage" />
            <Kpi
              label="Last failure"
              icon={AlertTriangle}
              value={dash.kpis.lastFailure ? `${formatAge(now - new Date(dash.kpis.lastFailure.at).getTime())} ago` : "None"}
              note={dash.kpis.lastFailure ? `${dash.kpis.lastFailure.jobName ?? "Deleted job"} · ${dash.kpis.lastFailure.type}` : "No run has failed"}
              href={dash.kpis.lastFailure ? `/history/${dash.kpis.lastFailure.executionId}` : undefined}
              tone={dash.kpis.lastFailure && now - new Date(dash.kpis.lastFailure.at).getTime() < 86_400_000 ? "bad" : undefined}
            />
          </div>

          <div className="grid gap-4 lg:grid-cols-3">
            <Card className="gap-3 lg:col-span-2">
              <CardHeader>
                <CardTitle className="flex items-center gap-2">
                  <Activity className="size-4" /> Backup runs per day
                </CardTitle>
                <CardDescription>The last 30 days, by outcome ({dash.timezone}).</CardDescription>
              </CardHeader>
              <CardContent>
                <ActivityChart data={dash.activity} />
              </CardContent>
            </Card>
            <Card className="gap-3">
              <CardHeader>
                <CardTitle className="flex items-center gap-2">
                  <PieChart className="size-4" /> Jobs by last run
                </CardTitle>
                <CardDescription>The outcome of each job&apos;s latest backup run.</CardDescription>
              </CardHeader>
              <CardContent className="grid gap-3">
                <JobStatusChart data={dash.jobStatus} total={dash.kpis.jobs} />
                <ul className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm" data-testid="job-status-breakdown">
                  {dash.jobStatus.map((s) => (
                    <li key={s.key} className="flex items-center justify-between gap-2">
                      <span className="flex items-center gap-2">
                        <span className="size-2.5 rounded-full" style={{ background: JOB_STATUS_COLORS[s.key] }} />
                        {s.label}
                      </span>
                      <span className="tabular-nums">{s.count}</span>
                    </li>
                  ))}
                </ul>
              </CardContent>
            </Card>
          </div>

          <div className="grid gap-4 lg:grid-cols-5">
            <div className="lg:col-span-3">
              <VerificationCard data={dash.verification} timezone={dash.timezone} />
            </div>
            <Card className="gap-3 lg:col-span-2">
              <CardHeader>
                <CardTitle>Latest runs</CardTitle>
                <CardDescription>
                  <Link href="/history" className="underline">
                    All history
                  </Link>
                </CardDescription>
              </CardHeader>
              <CardContent>
                <LatestRuns rows={dash.latestRuns} now={now} live />
              </CardContent>
            </Card>
          </div>

          <Card className="gap-3">
            <CardHeader>
              <CardTitle className="flex items-center gap-2">
                <CalendarDays className="size-4" /> Backups over the year
              </CardTitle>
              <CardDescription>Backup runs per day over the last 12 months.</CardDescription>
            </CardHeader>
            <CardContent>
              <CalendarHeatmap days={dash.heatmap} />
            </CardContent>
          </Card>

          <div className="grid gap-4 lg:grid-cols-3">
            <Card className="gap-3 lg:col-span-2">
              <CardHeader>
                <CardTitle className="flex items-center gap-2">
                  <HardDrive className="size-4" /> Storage per destination
                </CardTitle>
                <CardDescription>Bytes kept, over the last 90 days (pruned backups leave the curve).</CardDescription>
              </CardHeader>
              <CardContent>{dash.storage.destinations.length ? <StorageChart data={dash.storage} /> : <p className="text-muted-foreground text-sm">No backups stored yet.</p>}</CardContent>
            </Card>
            <Card>
              <CardHeader>
                <CardTitle className="flex items-center gap-2">
                  <Server className="size-4" /> Instance
                </CardTitle>
                <CardDescription>Bunker {health.version}</CardDescription>
              </CardHeader>
              <CardContent>
                <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
                  <dt className="text-muted-foreground">Status</dt>
                  <dd>
                    <Badge variant={health.status === "ok" ? "success" : "destructive"}>{health.status === "ok" ? "Healthy" : "Degraded"}</Badge>
                  </dd>
                  <dt className="text-muted-foreground">Database</dt>
                  <dd>{health.database.ok ? `SQLite, ${health.database.latencyMs} ms` : "unreachable"}</dd>
                  <dt className="text-muted-foreground">Uptime</dt>
                  <dd>{formatDuration(health.uptimeSeconds)}</dd>
                  <dt className="text-muted-foreground">Sources</dt>
                  <dd>{c.sources}</dd>
                  <dt className="text-muted-foreground">Destinations</dt>
                  <dd>{c.destinations}</dd>
                  <dt className="text-muted-foreground">Your group</dt>
                  <dd>{caller.groupName}</dd>
                </dl>
              </CardContent>
            </Card>
          </div>
        </>
      ) : null}

    </div>
  );
}

function Kpi(props: { label: string; icon: typeof Activity; value: string; note: string; href?: string; tone?: "bad" }) {
  const body = (
    <Card className="hover:bg-muted/30 h-full gap-2 transition-colors">
      <CardHeader className="flex flex-row items-center justify-between">
        <CardDescription>{props.label}</CardDescription>
        <props.icon className="text-muted-foreground size-4" />
      </CardHeader>
      <CardContent>
        <div className={props.tone === "bad" ? "text-destructive text-3xl font-semibold tabular-nums" : "text-3xl font-semibold tabular-nums"}>{props.value}</div>
        <p className="text-muted-foreground mt-1 truncate text-xs">{props.note}</p>
      </CardContent>
    </Card>
  );
  return props.href ? (
    <Link href={props.href} className="rounded-xl focus-visible:ring-2 focus-visible:outline-none">
      {body}
    </Link>
  ) : (
    body
  );
}
