"use client";
import { ArrowRight, Lock, LockOpen } from "lucide-react";
import Link from "next/link";
import { HealthBadge } from "@/components/adapters/health-badge";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDateTime, formatRelative } from "@/lib/format";
import type { JobListItem } from "@/server/services/jobs/job-dto";
import { EnabledSwitch } from "./enabled-switch";
import { JobRowActions } from "./job-row-actions";
import { RunStatusBadge } from "./run-status-badge";

type Props = { jobs: JobListItem[]; timeZone: string; canWrite: boolean; canExecute: boolean };

const databasesLabel = (j: JobListItem) =>
  j.databases.mode === "all" ? "All databases" : j.databases.names.length === 1 ? j.databases.names[0] : `${j.databases.names.length} databases`;

export function JobsTable({ jobs, timeZone, canWrite, canExecute }: Props) {
  return (
    <Card className="py-0">
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead className="pl-4">Job</TableHead>
            <TableHead className="hidden md:table-cell">Source → destinations</TableHead>
            <TableHead>Schedule</TableHead>
            <TableHead>Last run</TableHead>
            <TableHead className="w-16">Enabled</TableHead>
            {canWrite || canExecute ? (
              <TableHead className="w-12">
                <span className="sr-only">Actions</span>
              </TableHead>
            ) : null}
          </TableRow>
        </TableHeader>
        <TableBody>
          {jobs.map((j) => (
            <TableRow key={j.id} data-testid={`job-row-${j.name}`} data-enabled={j.enabled}>
              <TableCell className="max-w-72 pl-4 whitespace-normal">
                {canWrite ? (
                  <Link href={`/jobs/${j.id}`} className="font-medium hover:underline">
                    {j.name}
                  </Link>
                ) : (
                  <span className="font-medium">{j.name}</span>
                )}
                <div className="text-muted-foreground flex items-center gap-1.5 text-xs">
                  {j.encryptionProfile ? (
                    <span className="inline-flex items-center gap-1" title={`Encrypted with ${j.encryptionProfile.name}`}>
                      <Lock className="size-3" /> {j.encryptionProfile.name}
                    </span>
                  ) : (
                    <span className="text-warning-foreground dark:text-warning inline-flex items-center gap-1" title="Backups are stored in clear">
                      <LockOpen className="size-3" /> Not encrypted
                    </span>
                  )}
                  <span aria-hidden>·</span>
                  <span>{j.compression === "none" ? "uncompressed" : j.compression}</span>
                </div>
                {j.description ? <p className="text-muted-foreground mt-1 line-clamp-2 text-xs">{j.description}</p> : null}
              </TableCell>

              <TableCell className="hidden md:table-cell">
                <div className="flex flex-wrap items-center gap-1.5 text-sm">
                  <span className="inline-flex items-center gap-1.5" title={`${j.source.typeLabel} · ${databasesLabel(j)}`}>
                    <span className="font-medium">{j.source.name}</span>
                    {j.source.healthStatus !== "ONLINE" ? <HealthBadge status={j.source.healthStatus} /> : null}
                  </span>
                  <ArrowRight className="text-muted-foreground size-3.5" aria-label="to" />
                  {j.destinations.map((d, i) => (
                    <span key={d.id} className="inline-flex items-center gap-1" title={d.typeLabel}>
                      {d.name}
                      {d.healthStatus !== "ONLINE" ? <HealthBadge status={d.healthStatus} /> : null}
                      {i < j.destinations.length - 1 ? <span className="text-muted-foreground">,</span> : null}
                    </span>
                  ))}
                </div>
                <div className="text-muted-foreground text-xs">{databasesLabel(j)}</div>
              </TableCell>

              <TableCell className="whitespace-normal">
                {j.scheduleError ? (
                  <span className="text-destructive text-sm" title={j.scheduleError}>
                    Invalid schedule
                  </span>
                ) : (
                  <>
                    <div className="text-sm">{j.schedule ? j.scheduleText : <span className="text-muted-foreground">Manual only</span>}</div>
                    {j.schedule ? (
                      <div className="text-muted-foreground text-xs" suppressHydrationWarning>
                        {!j.enabled ? (
                          "Paused"
                        ) : j.nextRunAt ? (
                          <time dateTime={j.nextRunAt} title={`${formatDateTime(j.nextRunAt, timeZone)} (${timeZone})`}>
                            Next {formatRelative(j.nextRunAt)}
                          </time>
                        ) : null}
                      </div>
                    ) : null}
                  </>
                )}
              </TableCell>

              <TableCell>
                {j.lastRun ? (
                  <div className="grid justify-items-start gap-1">
                    <RunStatusBadge id={j.lastRun.id} status={j.lastRun.status} title={j.lastRun.error ?? undefined} />
                    <span className="text-muted-foreground text-xs" suppressHydrationWarning>
                      {j.lastRun.endedAt
                        ? formatRelative(j.lastRun.endedAt)
                        : j.lastRun.startedAt
                          ? `started ${formatRelative(j.lastRun.startedAt)}`
                          : `queued ${formatRelative(j.lastRun.queuedAt)}`}
                    </span>
                  </div>
                ) : (
                  <Badge variant="outline" className="text-muted-foreground">
                    Never run
                  </Badge>
                )}
              </TableCell>

              <TableCell>
                {canWrite ? (
                  <EnabledSwitch id={j.id} name={j.name} enabled={j.enabled} />
                ) : (
                  <Badge variant={j.enabled ? "success" : "secondary"}>{j.enabled ? "On" : "Off"}</Badge>
                )}
              </TableCell>

              {canWrite || canExecute ? (
                <TableCell>
                  <JobRowActions job={{ id: j.id, name: j.name, enabled: j.enabled, running: j.lastRun?.status === "Running" || j.lastRun?.status === "Pending" }} canWrite={canWrite} canExecute={canExecute} />
                </TableCell>
              ) : null}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Card>
  );
}
