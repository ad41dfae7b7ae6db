import Link from "next/link";
import { ShieldCheck } from "lucide-react";
import { RunStatusBadge } from "@/app/(app)/history/_components/run-status-badge";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDateTime } from "@/lib/format";
import { cn } from "@/lib/utils";
import type { Dashboard } from "@/server/services/dashboard/get-dashboard";
import { formatAge, formatEvery, formatRto } from "./format-interval";

/** Time since each job's newest verified backup, overdue jobs first and in red. */
export function VerificationCard({ data, timezone }: { data: Dashboard["verification"]; timezone: string }) {
  return (
    <Card className="gap-3">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <ShieldCheck className="size-4" /> Time since last verified backup
        </CardTitle>
        <CardDescription>
          {data.total === 0
            ? "No enabled jobs."
            : data.overdue
              ? `${data.overdue} of ${data.scheduled} scheduled jobs are overdue: no verified backup within their RPO (interval plus tolerance).`
              : `All ${data.scheduled} scheduled jobs have a verified backup within their RPO.`}
        </CardDescription>
      </CardHeader>
      <CardContent className="px-0">
        {data.rows.length === 0 ? null : (
          <Table data-testid="verification-table">
            <TableHeader>
              <TableRow>
                <TableHead className="pl-6">Job</TableHead>
                <TableHead>Last run</TableHead>
                <TableHead>Schedule</TableHead>
                <TableHead title="The last restore drill's verification and restore time">RTO</TableHead>
                <TableHead className="pr-6 text-right">Verified backup</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {data.rows.map((r) => (
                <TableRow key={r.jobId} data-overdue={r.overdue || undefined} className={cn(r.overdue && "bg-destructive/5 hover:bg-destructive/10")}>
                  <TableCell className="max-w-48 truncate pl-6 font-medium">
                    <Link href={`/jobs/${r.jobId}`} className="hover:underline">
                      {r.jobName}
                    </Link>
                  </TableCell>
                  <TableCell>{r.lastStatus ? <RunStatusBadge status={r.lastStatus} /> : <span className="text-muted-foreground text-xs">Never run</span>}</TableCell>
                  <TableCell className="text-muted-foreground text-xs">{formatEvery(r.expectedIntervalMs)}</TableCell>
                  <TableCell className="text-xs tabular-nums" data-testid="rto">
                    {r.lastDrillStatus === "failed" ? (
                      <Badge variant="destructive" title={r.lastDrillAt ? formatDateTime(r.lastDrillAt, timezone) : undefined}>
                        Drill failed
                      </Badge>
                    ) : r.rtoMs !== null ? (
                      <span title={r.lastDrillAt ? `Last drill ${formatDateTime(r.lastDrillAt, timezone)}` : undefined}>{formatRto(r.rtoMs)}</span>
                    ) : (
                      <span className="text-muted-foreground">No drill</span>
                    )}
                  </TableCell>
                  <TableCell className="pr-6 text-right tabular-nums">
                    {r.overdue ? (
                      <Badge variant="destructive" title={r.lastVerifiedBackupAt ? formatDateTime(r.lastVerifiedBackupAt, timezone) : undefined}>
                        {r.ageMs === null ? "Never verified" : `${formatAge(r.ageMs)} ago`}
                      </Badge>
                    ) : r.ageMs === null ? (
                      <span className="text-muted-foreground text-xs">None yet</span>
                    ) : (
                      <span title={r.lastVerifiedBackupAt ? formatDateTime(r.lastVerifiedBackupAt, timezone) : undefined}>{formatAge(r.ageMs)} ago</span>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        {data.total > data.rows.length ? (
          <p className="text-muted-foreground px-6 pt-3 text-xs">
            Showing the {data.rows.length} most urgent of {data.total} enabled jobs. <Link className="underline" href="/jobs">All jobs</Link>
          </p>
        ) : null}
      </CardContent>
    </Card>
  );
}
