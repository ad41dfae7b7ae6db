/**
 * Drift of a finished backup run: each database it stored against the previous committed backup of
 * the same job and database (size before compression when both know it, and the per-table row counts
 * recorded at backup time), with the job's thresholds. Returns one line per finding, prefixed with
 * the database.
 */
import { formatBytes } from "@/lib/backup/format-bytes";
import { type BackupFacts, describeDrift, detectDrift } from "@/lib/drills/drift";
import { parseDrillSettings } from "@/lib/drills/settings";
import { db } from "@/server/db";

const tablesOf = (json: string | null): BackupFacts["tables"] => {
  if (!json) return null;
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? (v as { name: string; rows: number }[]).filter((t) => typeof t?.name === "string" && typeof t?.rows === "number") : null;
  } catch {
    return null;
  }
};

type Row = { databaseName: string; sizeBytes: bigint; rawBytes: bigint | null; tableCounts: string | null; createdAt: Date };

const facts = (r: Row, raw: boolean): BackupFacts => ({ sizeBytes: Number(raw ? (r.rawBytes ?? r.sizeBytes) : r.sizeBytes), tables: tablesOf(r.tableCounts) });

export const detectRunDrift = async (executionId: string): Promise<string[]> => {
  const exec = await db.execution.findUnique({ where: { id: executionId }, select: { jobId: true, job: { select: { drill: true } } } });
  if (!exec?.jobId) return [];
  const thresholds = parseDrillSettings(exec.job?.drill).drift;
  const select = { databaseName: true, sizeBytes: true, rawBytes: true, tableCounts: true, createdAt: true } as const;
  const current = await db.backup.findMany({ where: { executionId }, orderBy: { createdAt: "asc" }, select });
  const seen = new Set<string>();
  const out: string[] = [];
  for (const cur of current) {
    if (seen.has(cur.databaseName)) continue; // one row per destination: the same bytes
    seen.add(cur.databaseName);
    const prev = await db.backup.findFirst({
      where: { jobId: exec.jobId, databaseName: cur.databaseName, NOT: { executionId } },
      orderBy: { createdAt: "desc" },
      select,
    });
    if (!prev) continue;
    const raw = prev.rawBytes !== null && cur.rawBytes !== null;
    for (const f of detectDrift(facts(prev, raw), facts(cur, raw), thresholds)) out.push(`${cur.databaseName}: ${describeDrift(f, formatBytes)}`);
  }
  return out;
};
