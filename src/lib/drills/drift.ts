/**
 * Drift between two backups of the same job and database: a backup much smaller than the previous
 * one, or a table that lost most of its rows (or vanished), usually means data loss upstream, and the
 * backup faithfully kept it. Pure: the caller supplies both backups' facts.
 */
import type { DriftThresholds } from "./settings";

export type BackupFacts = { sizeBytes: number; tables: { name: string; rows: number }[] | null };

export type DriftFinding =
  | { kind: "size"; previous: number; current: number; dropPercent: number }
  | { kind: "rows"; table: string; previous: number; current: number; dropPercent: number }
  | { kind: "table-gone"; table: string; previous: number };

const drop = (previous: number, current: number): number => (previous <= 0 ? 0 : ((previous - current) / previous) * 100);

export const detectDrift = (previous: BackupFacts, current: BackupFacts, t: DriftThresholds): DriftFinding[] => {
  const out: DriftFinding[] = [];
  const sizeDrop = drop(previous.sizeBytes, current.sizeBytes);
  if (t.sizeDropPercent > 0 && sizeDrop >= t.sizeDropPercent) out.push({ kind: "size", previous: previous.sizeBytes, current: current.sizeBytes, dropPercent: sizeDrop });
  if (t.rowDropPercent > 0 && previous.tables && current.tables) {
    const now = new Map(current.tables.map((x) => [x.name, x.rows]));
    for (const p of previous.tables) {
      const c = now.get(p.name);
      if (c === undefined) {
        if (p.rows > 0) out.push({ kind: "table-gone", table: p.name, previous: p.rows });
        continue;
      }
      const d = drop(p.rows, c);
      if (d > t.rowDropPercent) out.push({ kind: "rows", table: p.name, previous: p.rows, current: c, dropPercent: d });
    }
  }
  return out;
};

const n = (x: number) => x.toLocaleString("en-US");

export const describeDrift = (f: DriftFinding, formatSize: (bytes: number) => string = (b) => `${n(b)} B`): string => {
  switch (f.kind) {
    case "size":
      return `${Math.round(f.dropPercent)}% smaller than the previous backup (${formatSize(f.previous)} → ${formatSize(f.current)})`;
    case "rows":
      return `table ${f.table} lost ${Math.round(f.dropPercent)}% of its rows (${n(f.previous)} → ${n(f.current)})`;
    case "table-gone":
      return `table ${f.table} (${n(f.previous)} rows) is gone`;
  }
};
