/**
 * Log pruning: ExecutionLog, HealthCheckLog and AuditLog rows older than their retention settings are
 * deleted in batches (a short statement each, so SQLite's write lock is never held for long).
 */
import { log } from "@/lib/logger";
import { db } from "@/server/db";
import { SYSTEM_ACTOR } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { getSettings } from "../settings/get-settings";

export const PRUNE_BATCH_SIZE = 5000;
const DAY_MS = 86_400_000;

export type PruneLogsResult = { executionLogs: number; healthChecks: number; auditLogs: number };

/** Deletes batch after batch until `nextIds` returns an empty batch; returns the total. */
const inBatches = async <Id>(nextIds: () => Promise<Id[]>, remove: (ids: Id[]) => Promise<{ count: number }>): Promise<number> => {
  let total = 0;
  for (;;) {
    const ids = await nextIds();
    if (ids.length === 0) return total;
    total += (await remove(ids)).count;
    // Let other writers in between batches.
    await new Promise((r) => setImmediate(r));
  }
};

export const pruneLogs = async (opts: { now?: Date; batchSize?: number } = {}): Promise<PruneLogsResult> => {
  const now = opts.now ?? new Date();
  const take = Math.max(1, opts.batchSize ?? PRUNE_BATCH_SIZE);
  const s = await getSettings();
  const before = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const execCutoff = before(s["retention.executionLogDays"]);
  const healthCutoff = before(s["retention.healthCheckDays"]);
  const auditCutoff = before(s["retention.auditDays"]);

  const executionLogs = await inBatches(
    async () => (await db.executionLog.findMany({ where: { at: { lt: execCutoff } }, select: { id: true }, take })).map((r) => r.id),
    (ids) => db.executionLog.deleteMany({ where: { id: { in: ids } } }),
  );
  const healthChecks = await inBatches(
    async () => (await db.healthCheckLog.findMany({ where: { checkedAt: { lt: healthCutoff } }, select: { id: true }, take })).map((r) => r.id),
    (ids) => db.healthCheckLog.deleteMany({ where: { id: { in: ids } } }),
  );
  const auditLogs = await inBatches(
    async () => (await db.auditLog.findMany({ where: { createdAt: { lt: auditCutoff } }, select: { id: true }, take })).map((r) => r.id),
    (ids) => db.auditLog.deleteMany({ where: { id: { in: ids } } }),
  );

  const result = { executionLogs, healthChecks, auditLogs };
  if (executionLogs + healthChecks + auditLogs > 0) log.info("pruned old log rows", result);
  await recordAudit({ actor: SYSTEM_ACTOR, action: "system.log_prune", resourceType: "system", details: result });
  return result;
};
