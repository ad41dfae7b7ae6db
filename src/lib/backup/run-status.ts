/**
 * The outcome of a backup run from its per-database, per-destination results (DESIGN §4 "failure is
 * failure"). Pure: the engine records what happened, this decides what to call it.
 */

export type DestinationStatus = "ok" | "failed" | "aborted";
export type DatabaseStatus = "ok" | "partial" | "failed" | "cancelled";
export type FinalRunStatus = "Success" | "Partial" | "Failed" | "Cancelled";

export type DestinationResult = { id: string; name: string; status: DestinationStatus; key?: string; error?: string };

export type DatabaseResult = {
  name: string;
  status: DatabaseStatus;
  bytesRead: number;
  bytesStored: number;
  error?: string;
  destinations: DestinationResult[];
};

/** ok: every destination stored it; partial: some did; failed: none; cancelled: stopped by a cancel. */
export const databaseStatus = (destinations: readonly Pick<DestinationResult, "status">[], cancelled = false): DatabaseStatus => {
  const ok = destinations.filter((d) => d.status === "ok").length;
  if (destinations.length > 0 && ok === destinations.length) return "ok";
  if (ok > 0) return "partial";
  return cancelled ? "cancelled" : "failed";
};

export type RunStatusInput = {
  databases: readonly Pick<DatabaseResult, "destinations">[];
  /** Stopped by a cancel request */
  cancelled?: boolean;
  /** Stopped by the run timeout */
  timedOut?: boolean;
  /** Failed before any database could start (source unreachable, nothing to back up …) */
  failedEarly?: boolean;
};

/**
 * - cancelled → Cancelled (backups that finished before the cancel stay);
 * - timed out or failed before the databases → Failed;
 * - every database × destination ok → Success;
 * - at least one backup committed, not all → Partial;
 * - none → Failed (also when there was nothing to back up).
 */
export const aggregateRunStatus = (i: RunStatusInput): FinalRunStatus => {
  if (i.cancelled) return "Cancelled";
  if (i.timedOut || i.failedEarly) return "Failed";
  const all = i.databases.flatMap((d) => d.destinations);
  const ok = all.filter((d) => d.status === "ok").length;
  const complete = i.databases.length > 0 && i.databases.every((d) => d.destinations.length > 0);
  if (complete && ok === all.length) return "Success";
  if (ok > 0) return "Partial";
  return "Failed";
};

/** The first error worth showing: a database's own error, else its first failed destination's. */
export const firstRunError = (databases: readonly DatabaseResult[]): string | null => {
  for (const d of databases) {
    if (d.error) return `${d.name}: ${d.error}`;
    const dest = d.destinations.find((x) => x.status !== "ok" && x.error);
    if (dest) return `${d.name} → ${dest.name}: ${dest.error}`;
  }
  return null;
};

/** A warning for a Partial run: which database × destination pairs did not make it. */
export const partialWarning = (databases: readonly DatabaseResult[]): string | null => {
  const missing = databases.flatMap((d) => d.destinations.filter((x) => x.status !== "ok").map((x) => `${d.name} → ${x.name}`));
  const ok = databases.some((d) => d.destinations.some((x) => x.status === "ok"));
  if (!ok || missing.length === 0) return null;
  const shown = missing.slice(0, 5).join(", ");
  return `${missing.length} of ${databases.reduce((n, d) => n + d.destinations.length, 0)} backups were not stored: ${shown}${missing.length > 5 ? ", …" : ""}`;
};
