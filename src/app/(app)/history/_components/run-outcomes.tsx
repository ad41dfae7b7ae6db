import { CornerDownRightIcon } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { DatabaseOutcome, DestinationOutcomeStatus } from "@/server/services/executions/executions.schema";
import { formatBytes } from "./run-format";

const DEST_LOOK: Record<DestinationOutcomeStatus, { label: string; variant: "success" | "destructive" | "secondary" | "outline" }> = {
  ok: { label: "Stored", variant: "success" },
  failed: { label: "Failed", variant: "destructive" },
  aborted: { label: "Aborted", variant: "secondary" },
  unknown: { label: "Unknown", variant: "outline" },
};

const DB_LOOK: Record<string, "success" | "destructive" | "secondary" | "outline" | "warning"> = {
  ok: "success",
  success: "success",
  partial: "warning",
  failed: "destructive",
  aborted: "secondary",
  cancelled: "secondary",
  skipped: "outline",
};

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Per-database and per-destination outcomes from the run's metadata. */
export function RunOutcomes({ databases, active }: { databases: DatabaseOutcome[]; active: boolean }) {
  const destinations = databases.reduce((n, d) => n + d.destinations.length, 0);
  return (
    <Card data-testid="run-destinations" className="gap-0 overflow-hidden py-0">
      <CardHeader className="border-b py-4 [.border-b]:pb-4">
        <CardTitle className="text-sm">Databases and destinations</CardTitle>
        <CardDescription>
          {databases.length
            ? `${databases.length} database${databases.length === 1 ? "" : "s"} · ${destinations} cop${destinations === 1 ? "y" : "ies"}`
            : active
              ? "Results appear here as each database finishes."
              : "No per-database results were recorded for this run."}
        </CardDescription>
      </CardHeader>
      {databases.length ? (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead className="pl-4">Database / destination</TableHead>
              <TableHead>Outcome</TableHead>
              <TableHead className="text-right">Read</TableHead>
              <TableHead className="text-right">Stored</TableHead>
              <TableHead className="pr-4">Details</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {databases.map((d, i) => (
              <DatabaseRows key={`${d.name}-${i}`} db={d} />
            ))}
          </TableBody>
        </Table>
      ) : null}
    </Card>
  );
}

function DatabaseRows({ db }: { db: DatabaseOutcome }) {
  return (
    <>
      <TableRow data-testid="run-database" className="bg-muted/20 hover:bg-muted/40">
        <TableCell className="pl-4 font-medium">{db.name}</TableCell>
        <TableCell>
          <Badge variant={DB_LOOK[db.status.toLowerCase()] ?? "outline"}>{capitalize(db.status)}</Badge>
        </TableCell>
        <TableCell className="text-right tabular-nums">{formatBytes(db.bytesRead)}</TableCell>
        <TableCell className="text-right tabular-nums">{formatBytes(db.bytesStored)}</TableCell>
        <TableCell className="max-w-md pr-4 whitespace-normal">
          {db.error ? <span className="text-destructive text-xs break-words">{db.error}</span> : <span className="text-muted-foreground">—</span>}
        </TableCell>
      </TableRow>
      {db.destinations.map((x, j) => {
        const look = DEST_LOOK[x.status];
        return (
          <TableRow key={`${x.id}-${j}`} data-testid="run-destination" data-status={x.status}>
            <TableCell className="pl-8">
              <span className="text-muted-foreground flex items-center gap-1.5">
                <CornerDownRightIcon className="size-3.5" aria-hidden />
                <span className="text-foreground">{x.name}</span>
              </span>
            </TableCell>
            <TableCell>
              <Badge variant={look.variant}>{look.label}</Badge>
            </TableCell>
            <TableCell />
            <TableCell />
            <TableCell className="max-w-md pr-4 whitespace-normal">
              {x.error ? (
                <span className="text-destructive text-xs break-words">{x.error}</span>
              ) : x.key ? (
                <code className="text-muted-foreground font-mono text-xs break-all">{x.key}</code>
              ) : (
                <span className="text-muted-foreground">—</span>
              )}
            </TableCell>
          </TableRow>
        );
      })}
    </>
  );
}
