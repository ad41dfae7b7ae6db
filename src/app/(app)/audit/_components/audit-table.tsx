import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDateTime, humanizeAction } from "@/lib/format";
import type { AuditRow } from "@/server/services/audit/list-audit";

const pretty = (json: string | null) => {
  if (!json) return null;
  try {
    return JSON.stringify(JSON.parse(json), null, 2);
  } catch {
    return json;
  }
};

function Snapshot({ label, json }: { label: string; json: string | null }) {
  const text = pretty(json);
  if (!text) return null;
  return (
    <div className="grid gap-1">
      <div className="text-muted-foreground text-xs font-medium uppercase">{label}</div>
      <pre className="bg-muted max-h-64 overflow-auto rounded-md p-2 text-xs">{text}</pre>
    </div>
  );
}

export function AuditTable({ rows, timezone }: { rows: AuditRow[]; timezone: string }) {
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead className="pl-4">Time</TableHead>
          <TableHead>User</TableHead>
          <TableHead>Action</TableHead>
          <TableHead>Outcome</TableHead>
          <TableHead>IP</TableHead>
          <TableHead>Details</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((r) => {
          const hasDetails = r.before || r.after || r.details || r.userAgent;
          return (
            <TableRow key={r.id} className="align-top" data-testid="audit-row">
              <TableCell className="text-muted-foreground pl-4 whitespace-nowrap tabular-nums">{formatDateTime(r.createdAt, timezone)}</TableCell>
              <TableCell className="max-w-48 truncate">{r.actorEmail ?? "—"}</TableCell>
              <TableCell>
                <div className="font-medium">{humanizeAction(r.action)}</div>
                {r.resourceType ? <div className="text-muted-foreground text-xs">{r.resourceType}{r.resourceId ? ` · ${r.resourceId.slice(0, 8)}` : ""}</div> : null}
              </TableCell>
              <TableCell>
                <Badge variant={r.outcome === "success" ? "success" : "destructive"}>{r.outcome}</Badge>
              </TableCell>
              <TableCell className="text-muted-foreground tabular-nums">{r.ip ?? "—"}</TableCell>
              <TableCell className="max-w-md">
                {hasDetails ? (
                  <details>
                    <summary className="text-primary cursor-pointer text-sm">Show</summary>
                    <div className="mt-2 grid gap-2">
                      <Snapshot label="Before" json={r.before} />
                      <Snapshot label="After" json={r.after} />
                      <Snapshot label="Details" json={r.details} />
                      {r.userAgent ? <div className="text-muted-foreground text-xs break-all">{r.userAgent}</div> : null}
                    </div>
                  </details>
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
