/** A Restore run's parameters, its preflight checklist and what arrived (row counts or key count). */
import Link from "next/link";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { RestoreOutcome } from "@/server/services/executions/executions.schema";
import { formatBytes } from "./run-format";

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid min-w-0 content-start gap-1">
      <dt className="text-muted-foreground text-xs font-medium">{label}</dt>
      <dd className="truncate text-sm font-medium">{children}</dd>
    </div>
  );
}

const CHECK_VARIANT: Record<string, "success" | "warning" | "destructive" | "outline"> = { ok: "success", warn: "warning", fail: "destructive" };

export function RunRestore({ restore, status }: { restore: RestoreOutcome; status: string }) {
  const s = restore.summary;
  const rows = s?.tables?.reduce((n, t) => n + t.rows, 0) ?? 0;
  return (
    <>
      <Card className="py-5" data-testid="restore-params">
        <CardContent>
          <dl className="grid grid-cols-2 gap-x-6 gap-y-5 sm:grid-cols-4">
            <Fact label="Backup">
              {restore.jobName ?? "Deleted job"} / {restore.backupDatabase}
            </Fact>
            <Fact label="From">{restore.destinationName}</Fact>
            <Fact label="Backup server">{restore.backupServerVersion ?? "—"}</Fact>
            <Fact label="Verified">{restore.verified ? `${formatBytes(restore.verified.storedBytes)} · sha256 ok` : <span className="text-muted-foreground">—</span>}</Fact>
            <Fact label="Target source">
              {restore.targetSourceId ? <Link href={`/sources/${restore.targetSourceId}`} className="text-primary hover:underline">{restore.targetSourceName}</Link> : restore.targetSourceName}
            </Fact>
            <Fact label="Target database">
              <span className="font-mono" data-testid="restore-target-db">{restore.database}</span>
            </Fact>
            <Fact label="Target server">{restore.targetServerVersion ?? "—"}</Fact>
            <Fact label="Mode">
              {restore.overwrite ? "Overwrite" : "New database"}
              {restore.privilegedLogin ? <span className="text-muted-foreground font-normal"> · privileged login</span> : null}
            </Fact>
          </dl>
          <p className="text-muted-foreground mt-4 truncate font-mono text-xs" title={restore.key}>{restore.key}</p>
        </CardContent>
      </Card>

      {s ? (
        <Card className="gap-3" data-testid="restore-summary">
          <CardHeader>
            <CardTitle>Restored data</CardTitle>
            <CardDescription>
              {s.keys !== null
                ? `${s.keys.toLocaleString("en-US")} ${s.keys === 1 ? "key" : "keys"} in ${restore.database}`
                : `${s.tables?.length ?? 0}${s.truncated ? "+" : ""} tables, ${rows.toLocaleString("en-US")} rows in ${restore.database} (counted after the restore)`}
            </CardDescription>
          </CardHeader>
          {s.tables && s.tables.length > 0 ? (
            <CardContent className="px-0">
              <Table>
                <TableHeader>
                  <TableRow>
                    <TableHead className="pl-6">Table</TableHead>
                    <TableHead className="pr-6 text-right">Rows</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {s.tables.map((t) => (
                    <TableRow key={t.name} data-testid="restore-summary-row">
                      <TableCell className="pl-6 font-mono text-xs">{t.name}</TableCell>
                      <TableCell className="pr-6 text-right tabular-nums">{t.rows.toLocaleString("en-US")}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </CardContent>
          ) : null}
        </Card>
      ) : status === "Success" && restore.summaryError ? (
        <p className="text-muted-foreground text-sm">The restore succeeded; its summary could not be read: {restore.summaryError}</p>
      ) : null}

      {restore.checks.length > 0 ? (
        <Card className="gap-3">
          <CardHeader>
            <CardTitle>Preflight</CardTitle>
          </CardHeader>
          <CardContent>
            <ul className="grid gap-2 text-sm">
              {restore.checks.map((c, i) => (
                <li key={i} className="flex items-start gap-3">
                  <Badge variant={CHECK_VARIANT[c.status] ?? "outline"} className="w-12 justify-center">{c.status}</Badge>
                  <span className="w-32 shrink-0 font-medium">{c.label}</span>
                  <span className="text-muted-foreground min-w-0 break-words">{c.message}</span>
                </li>
              ))}
            </ul>
          </CardContent>
        </Card>
      ) : null}
    </>
  );
}
