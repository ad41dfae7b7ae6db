/**
 * Scheduled verification (the verify-backups system task): backups never verified, or last verified
 * longer ago than `verify.maxAgeDays`, oldest first, bounded per run by a count and a time budget so
 * one run never hogs the destinations; what is left waits for the next run.
 */
import { db } from "@/server/db";
import { SYSTEM_ACTOR } from "../audit/audit-context";
import { getSetting } from "../settings/get-settings";
import { verifyBackup } from "./verify-backup";

export const VERIFY_BATCH_LIMIT = 50;
export const VERIFY_BUDGET_MS = 30 * 60_000;
const DAY_MS = 86_400_000;

export type VerifyDueResult = { verified: number; failed: number; failures: string[]; remaining: number };

export const verifyDueBackups = async (o: { now?: Date; limit?: number; budgetMs?: number } = {}): Promise<VerifyDueResult> => {
  const now = o.now ?? new Date();
  const limit = o.limit ?? VERIFY_BATCH_LIMIT;
  const budgetMs = o.budgetMs ?? VERIFY_BUDGET_MS;
  const cutoff = new Date(now.getTime() - (await getSetting("verify.maxAgeDays")) * DAY_MS);
  const where = { OR: [{ verifiedAt: null }, { verifiedAt: { lt: cutoff } }] };
  const due = await db.backup.findMany({
    where,
    orderBy: [{ verifiedAt: { sort: "asc", nulls: "first" } }, { createdAt: "asc" }, { id: "asc" }],
    take: limit,
    select: { id: true, key: true, destination: { select: { name: true } } },
  });

  const started = Date.now();
  const result: VerifyDueResult = { verified: 0, failed: 0, failures: [], remaining: 0 };
  for (const b of due) {
    if (Date.now() - started > budgetMs) break;
    try {
      const r = await verifyBackup({ backupId: b.id, actor: SYSTEM_ACTOR });
      result.verified++;
      if (r.status === "failed") {
        result.failed++;
        result.failures.push(`${b.key} on ${b.destination.name}: ${r.error}`);
      }
    } catch {
      // Deleted meanwhile (retention): nothing to verify.
    }
  }
  result.remaining = await db.backup.count({ where });
  return result;
};

const plural = (n: number, word: string) => `${n} ${n === 1 ? word : `${word}s`}`;

/** "12 backups verified, 1 failed: <key> on <dest>: sha256 mismatch …" */
export const summarizeVerifyDue = (r: VerifyDueResult): string => {
  const base = `${plural(r.verified, "backup")} verified`;
  const rest = r.remaining > 0 ? `; ${r.remaining} still due` : "";
  return r.failed ? `${base}, ${r.failed} failed: ${r.failures[0]}${rest}` : `${base}${rest}`;
};
