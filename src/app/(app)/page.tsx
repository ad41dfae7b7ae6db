import type { Metadata } from "next";
import { Activity, CheckCircle2, Circle, Database, HardDrive, KeyRound, CalendarClock } from "lucide-react";
import { PageHeader } from "@/components/common/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { formatDuration, formatRelative, humanizeAction } from "@/lib/format";
import { requirePage } from "@/server/http/page";
import { can } from "@/server/rbac/permissions";
import { getOverview } from "@/server/services/dashboard/get-overview";
import { getHealth } from "@/server/services/health/get-health";
import { getSetting } from "@/server/services/settings/get-settings";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const caller = await requirePage("authenticated");
  const canReadAudit = can(caller.grant, "audit:read");
  const [overview, health, timezone] = await Promise.all([
    getOverview({ userId: caller.userId, canReadAudit }),
    getHealth(),
    getSetting("system.timezone"),
  ]);
  const c = overview.counts;
  const kpis = [
    { label: "Backup jobs", value: c.jobs, icon: CalendarClock },
    { label: "Sources", value: c.sources, icon: Database },
    { label: "Destinations", value: c.destinations, icon: HardDrive },
    { label: "Encryption profiles", value: c.encryptionProfiles, icon: KeyRound },
  ];
  const steps = [
    { label: "Create the first administrator", done: c.users > 0 },
    { label: "Add a source: the database to back up", done: c.sources > 0 },
    { label: "Add a destination: a folder, an S3 bucket or an SFTP server", done: c.destinations > 0 },
    { label: "Create an encryption profile and keep its recovery kit offline", done: c.encryptionProfiles > 0 },
    { label: "Create a job with a schedule and a retention policy", done: c.jobs > 0 },
  ];
  const stepsDone = steps.filter((s) => s.done).length;

  return (
    <div className="grid gap-6">
      <PageHeader title={`Welcome, ${caller.name.split(" ")[0]}`} description="An overview of this Bunker instance." />

      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        {kpis.map((k) => (
          <Card key={k.label} className="gap-2">
            <CardHeader className="flex flex-row items-center justify-between">
              <CardDescription>{k.label}</CardDescription>
              <k.icon className="text-muted-foreground size-4" />
            </CardHeader>
            <CardContent>
              <div className="text-3xl font-semibold tabular-nums">{k.value}</div>
            </CardContent>
          </Card>
        ))}
      </div>

      <div className="grid gap-4 lg:grid-cols-3">
        <Card className="lg:col-span-2">
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

        <Card>
          <CardHeader>
            <CardTitle>Instance</CardTitle>
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
              <dt className="text-muted-foreground">Time zone</dt>
              <dd>{timezone}</dd>
              <dt className="text-muted-foreground">Your group</dt>
              <dd>{caller.groupName}</dd>
            </dl>
          </CardContent>
        </Card>
      </div>

      <Card>
        <CardHeader>
          <CardTitle className="flex items-center gap-2">
            <Activity className="size-4" /> Recent activity
          </CardTitle>
          <CardDescription>{canReadAudit ? "Everyone's latest actions, from the audit log." : "Your latest actions."}</CardDescription>
        </CardHeader>
        <CardContent>
          {overview.recentActivity.length === 0 ? (
            <p className="text-muted-foreground text-sm">Nothing yet.</p>
          ) : (
            <ul className="divide-y">
              {overview.recentActivity.map((a) => (
                <li key={a.id} className="flex items-center justify-between gap-4 py-2.5 text-sm">
                  <div className="flex min-w-0 items-center gap-3">
                    <Badge variant={a.outcome === "success" ? "secondary" : "destructive"}>{humanizeAction(a.action)}</Badge>
                    <span className="text-muted-foreground truncate">{a.actorEmail ?? "unknown"}</span>
                  </div>
                  <time className="text-muted-foreground shrink-0 tabular-nums" dateTime={a.createdAt}>
                    {formatRelative(a.createdAt)}
                  </time>
                </li>
              ))}
            </ul>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
