/**
 * Per-table row counts recorded at backup time (Backup.tableCounts, never in the manifest), for the
 * drill's comparison and the drift alerts. Exact count(*) per table through the adapter's `inspect`
 * (PostgreSQL's reltuples / n_live_tup and InnoDB's TABLE_ROWS are estimates that would fail an honest
 * comparison), bounded by a time budget: a database too big to count in time is backed up without
 * counts, and says so in the log. Taken right before the dump, so a busy database may differ slightly
 * from the dump's snapshot (the drill's count tolerance is for that).
 */
import type { AdapterContext, RestoreInspection } from "@/adapters/types";
import type { RunContext } from "./run-context";
import { errorMessage } from "./run-context";

export const TABLE_COUNT_BUDGET_MS = 120_000;

export type RecordedTables = { name: string; rows: number }[];

/** The name Redis's key count is recorded under: it has no tables, the whole db index is one "table". */
export const REDIS_KEYS_TABLE = "(keys)";

/** What an inspection counted, as tables: Redis's key count becomes one row, so drills and drift compare it too. */
export const countedTables = (r: RestoreInspection): RecordedTables | null => r.tables ?? (r.keys === undefined ? null : [{ name: REDIS_KEYS_TABLE, rows: r.keys }]);

export const countTables = async (run: RunContext, database: string, ctx: AdapterContext, budgetMs = TABLE_COUNT_BUDGET_MS): Promise<RecordedTables | null> => {
  const { adapter, config } = run.source;
  if (!adapter.inspect) return null;
  const budget = AbortSignal.timeout(budgetMs);
  const signal = ctx.signal ? AbortSignal.any([ctx.signal, budget]) : budget;
  try {
    const r = await adapter.inspect(config, database, { ...ctx, signal });
    const tables = countedTables(r);
    if (tables && r.truncated) run.log("info", `${database}: row counts recorded for the first ${tables.length} tables only`);
    return tables;
  } catch (e) {
    if (run.signal.aborted) return null;
    const why = budget.aborted ? `counting took longer than ${Math.round(budgetMs / 1000)} s` : errorMessage(e);
    run.log("warn", `${database}: row counts not recorded (${why}); drills cannot compare them for this backup`);
    return null;
  }
};
