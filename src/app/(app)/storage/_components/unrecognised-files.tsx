import { CircleAlertIcon, FileQuestionIcon } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatBytes } from "@/lib/backup/format-bytes";
import { formatDateTime, formatRelative } from "@/lib/format";
import type { DestinationFiles, UnrecognisedKind } from "@/server/services/storage/list-unrecognised-files";

const KIND: Record<UnrecognisedKind, { label: string; hint: string }> = {
  uncommitted: { label: "Uncommitted", hint: "A backup file with no manifest (an interrupted upload): orphan cleanup deletes it once it is a day old." },
  manifest: { label: "Manifest only", hint: "A manifest with no backup record (its data was deleted, or it comes from another Bunker)." },
  unrecorded: { label: "Not recorded", hint: "A file with a manifest but no backup record in this Bunker (another instance, or its record was removed)." },
  foreign: { label: "Not Bunker's", hint: "Not a Bunker backup file: Bunker never touches it." },
};

/** Files on each destination that are not backups: read-only, never offered for restore. */
export function UnrecognisedFiles({ destinations, timezone, now }: { destinations: DestinationFiles[]; timezone: string; now: number }) {
  return (
    <div className="grid gap-4" data-testid="unrecognised-files">
      {destinations.map((d) => (
        <Card key={d.destination.id} data-testid={`unrecognised-${d.destination.name}`}>
          <CardHeader>
            <CardTitle className="text-base">
              {d.destination.name} <span className="text-muted-foreground text-sm font-normal">({d.destination.adapterId})</span>
            </CardTitle>
            <CardDescription>
              {d.ok ? (d.count === 0 ? "Nothing but backups here." : `${d.count} file${d.count === 1 ? "" : "s"}, ${formatBytes(d.totalBytes)}, that ${d.count === 1 ? "is" : "are"} not a backup.`) : null}
            </CardDescription>
          </CardHeader>
          <CardContent>
            {!d.ok ? (
              <Alert variant="destructive" data-testid="destination-list-error">
                <CircleAlertIcon />
                <AlertTitle>Could not list this destination</AlertTitle>
                <AlertDescription>{d.error}</AlertDescription>
              </Alert>
            ) : d.count === 0 ? null : (
              <Table>
                <TableHeader>
                  <TableRow>
                    <TableHead>File</TableHead>
                    <TableHead>What it is</TableHead>
                    <TableHead className="text-right">Size</TableHead>
                    <TableHead>Modified</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {d.files.map((f) => (
                    <TableRow key={f.key} data-testid="unrecognised-file">
                      <TableCell className="max-w-md">
                        <span className="flex items-center gap-1.5 font-mono text-xs break-all">
                          <FileQuestionIcon aria-hidden className="text-muted-foreground size-4 shrink-0" /> {f.key}
                        </span>
                      </TableCell>
                      <TableCell>
                        <Badge variant="outline" title={KIND[f.kind].hint}>{KIND[f.kind].label}</Badge>
                        {f.gcAt ? <div className="text-muted-foreground mt-0.5 text-xs">cleanup after {formatDateTime(f.gcAt, timezone)}</div> : null}
                      </TableCell>
                      <TableCell className="text-right tabular-nums">{formatBytes(f.size)}</TableCell>
                      <TableCell className="tabular-nums">
                        <div>{formatDateTime(f.modifiedAt, timezone)}</div>
                        <div className="text-muted-foreground text-xs">{formatRelative(f.modifiedAt, now)}</div>
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
            {d.ok && d.count > d.files.length ? <p className="text-muted-foreground mt-2 text-sm">Showing the newest {d.files.length}.</p> : null}
          </CardContent>
        </Card>
      ))}
    </div>
  );
}
