import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

export type SummaryItem = { kind: string; name: string; action: "create" | "update" | "conflict" | "skip"; detail?: string };
export type Summary = {
  dryRun: boolean;
  includesSecrets: boolean;
  exportedAt: string;
  bunkerVersion: string;
  items: SummaryItem[];
  counts: Record<SummaryItem["action"], number>;
  backups: Array<{ destinationName: string; manifests: number; imported: number; known: number; skipped: number; errors: string[] }>;
};

const KIND_LABEL: Record<string, string> = {
  group: "Group",
  encryptionProfile: "Encryption profile",
  source: "Source",
  destination: "Destination",
  notifier: "Notifier",
  job: "Job",
  setting: "Setting",
};

const ACTION: Record<SummaryItem["action"], { label: string; variant: "success" | "secondary" | "warning" | "outline" }> = {
  create: { label: "Create", variant: "success" },
  update: { label: "Update", variant: "secondary" },
  conflict: { label: "Conflict: kept", variant: "warning" },
  skip: { label: "Skip", variant: "outline" },
};

export function ImportSummary({ summary }: { summary: Summary }) {
  const c = summary.counts;
  return (
    <div className="grid gap-3" data-testid="import-summary">
      <p className="text-sm">
        {summary.dryRun ? "Dry run, nothing changed: " : "Imported: "}
        <strong>{c.create}</strong> to create, <strong>{c.update}</strong> setting(s) to update, <strong>{c.conflict}</strong> conflict(s), <strong>{c.skip}</strong> skipped.
        <span className="text-muted-foreground">
          {" "}
          Exported {new Date(summary.exportedAt).toLocaleString()} by Bunker {summary.bunkerVersion}, {summary.includesSecrets ? "with secrets" : "without secrets"}.
        </span>
      </p>
      {summary.backups.length ? (
        <ul className="text-sm">
          {summary.backups.map((b) => (
            <li key={b.destinationName}>
              {b.destinationName}: {b.imported} backup(s) found and recorded, {b.known} already known{b.skipped ? `, ${b.skipped} skipped (${b.errors[0] ?? ""})` : ""}
            </li>
          ))}
        </ul>
      ) : null}
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>Item</TableHead>
            <TableHead>Name</TableHead>
            <TableHead>Outcome</TableHead>
            <TableHead>Details</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {summary.items.map((i) => (
            <TableRow key={`${i.kind}:${i.name}`}>
              <TableCell>{KIND_LABEL[i.kind] ?? i.kind}</TableCell>
              <TableCell className="font-medium">{i.name}</TableCell>
              <TableCell><Badge variant={ACTION[i.action].variant}>{ACTION[i.action].label}</Badge></TableCell>
              <TableCell className="text-muted-foreground whitespace-normal text-sm">{i.detail ?? ""}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
