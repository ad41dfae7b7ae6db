import { ArrowDownIcon, ArrowUpDownIcon, ArrowUpIcon, LockIcon } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatBytes } from "@/lib/backup/format-bytes";
import { formatDateTime, formatRelative } from "@/lib/format";
import type { BackupListItem } from "@/server/services/storage/backup-dto";
import type { BackupSort } from "@/server/services/storage/storage.schema";
import { BackupRowActions, type BackupPermissions } from "./backup-row-actions";
import { VerificationBadge } from "./verification-badge";

type SortState = { sort: BackupSort; dir: "asc" | "desc"; href: (sort: BackupSort, dir: "asc" | "desc") => string };

function SortHead({ label, column, s, className }: { label: string; column: BackupSort; s: SortState; className?: string }) {
  const active = s.sort === column;
  const next = active ? (s.dir === "asc" ? "desc" : "asc") : column === "created" || column === "size" ? "desc" : "asc";
  const Icon = !active ? ArrowUpDownIcon : s.dir === "asc" ? ArrowUpIcon : ArrowDownIcon;
  return (
    <TableHead className={className} aria-sort={active ? (s.dir === "asc" ? "ascending" : "descending") : undefined}>
      <Link href={s.href(column, next)} className="hover:text-foreground inline-flex items-center gap-1" data-testid={`sort-${column}`}>
        {label}
        <Icon aria-hidden className={active ? "size-3.5" : "text-muted-foreground/60 size-3.5"} />
      </Link>
    </TableHead>
  );
}

const shortRecipient = (r: string) => (r.length > 20 ? `${r.slice(0, 12)}…${r.slice(-6)}` : r);

function Encryption({ e }: { e: BackupListItem["encryption"] }) {
  if (!e) return <span className="text-muted-foreground">none</span>;
  if (e.profileName) return <span title={e.recipient ?? undefined}>{e.profileName}</span>;
  // The profile is gone: the recipient still says which key opens it.
  return (
    <span className="font-mono text-xs" title={`Profile deleted; encrypted to ${e.recipient ?? "an unknown recipient"}`}>
      {e.recipient ? shortRecipient(e.recipient) : "unknown key"}
    </span>
  );
}

export function BackupsTable({ rows, timezone, now, sort, can }: { rows: BackupListItem[]; timezone: string; now: number; sort: SortState; can: BackupPermissions }) {
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <SortHead label="Job" column="job" s={sort} className="pl-4" />
          <SortHead label="Database" column="database" s={sort} />
          <TableHead>Destination</TableHead>
          <SortHead label="Created" column="created" s={sort} />
          <SortHead label="Size" column="size" s={sort} className="text-right" />
          <TableHead>Format</TableHead>
          <TableHead>Verification</TableHead>
          <TableHead className="pr-4"><span className="sr-only">Actions</span></TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((b) => (
          <TableRow key={b.id} data-testid="backup-row" data-backup-id={b.id}>
            <TableCell className="max-w-40 pl-4">
              <div className="truncate font-medium">{b.job ? b.job.name : <span className="text-muted-foreground font-normal">Deleted job</span>}</div>
              <div className="text-muted-foreground truncate font-mono text-xs" title={b.key}>{b.key.slice(b.key.lastIndexOf("/") + 1)}</div>
            </TableCell>
            <TableCell>
              <div className="flex items-center gap-1.5">
                <span className="font-medium">{b.databaseName}</span>
                {b.locked ? (
                  <Badge variant="secondary" className="gap-1" data-testid="locked-badge" title="Locked: retention and delete leave it alone">
                    <LockIcon aria-hidden /> Locked
                  </Badge>
                ) : null}
              </div>
              <div className="text-muted-foreground text-xs" title={b.engine}>{b.serverVersion ?? b.engine}</div>
            </TableCell>
            <TableCell className="text-muted-foreground max-w-32 truncate">
              <Link href={`/storage?destinationId=${encodeURIComponent(b.destination.id)}`} className="hover:text-foreground hover:underline">{b.destination.name}</Link>
            </TableCell>
            <TableCell className="tabular-nums">
              <div>{formatDateTime(b.createdAt, timezone)}</div>
              <div className="text-muted-foreground text-xs">{formatRelative(b.createdAt, now)}</div>
            </TableCell>
            <TableCell className="text-right tabular-nums" title={b.rawBytes !== null ? `${formatBytes(b.rawBytes)} before compression` : undefined}>
              {formatBytes(b.sizeBytes)}
            </TableCell>
            <TableCell>
              <div className="text-muted-foreground" data-testid="backup-compression">{b.compression}</div>
              <div className="max-w-28 truncate text-xs" data-testid="backup-encryption"><Encryption e={b.encryption} /></div>
            </TableCell>
            <TableCell><VerificationBadge v={b.verification} timezone={timezone} /></TableCell>
            <TableCell className="pr-4 text-right">
              <BackupRowActions
                backup={{ id: b.id, key: b.key, locked: b.locked, encrypted: b.encryption !== null, compressed: b.compression !== "none" }}
                can={can}
              />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
