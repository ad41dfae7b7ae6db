/**
 * Which backups a retention policy keeps. Pure: no database, no storage, no clock (`now` is given).
 *
 * The caller groups and filters: `backups` are the COMMITTED backups of ONE job, for ONE database, on
 * ONE destination. Failed, partial or still-running runs are never passed in (they are not backups and
 * must neither count toward a quota nor be "the newest"); nor are backups of other databases or
 * destinations (each (job, database, destination) series is planned on its own).
 *
 * Rules, in order of precedence:
 * 1. The newest backup is never deleted, whatever the policy (even when `days` would expire it).
 * 2. A locked backup is never deleted and is outside the policy: it uses up no keep-last slot, no
 *    keep-days… and no GFS period (the newest UNLOCKED backup of that day is the one the daily rule keeps).
 * 3. The policy, applied to the unlocked backups only:
 *    - count: the newest `keep`;
 *    - days: those younger than `days` × 24 h before `now` (exactly `days` × 24 h old is expired);
 *    - gfs: restic / Borg semantics (`--keep-daily/-weekly/-monthly/-yearly`). Each rule is
 *      independent: it keeps the newest backup of each of its N most recent periods that have a backup
 *      (calendar day, ISO week Monday–Sunday, calendar month, calendar year, as seen in `timeZone`).
 *      A backup is kept when ANY rule keeps it, and its `reasons` name every rule that does. So the
 *      daily and weekly rules may pick the same backup (Sunday night's is both the newest of its day
 *      and of its week); a finer rule never "uses up" a coarser rule's period. A rule with 0 keeps
 *      nothing; all four at 0 keep only the newest backup (rule 1).
 *
 * Order: newest first (createdAt descending, ties broken by id descending), whatever the input order.
 * Re-planning the kept set with the same `now` deletes nothing more (idempotent).
 * Throws on input that could make it delete the wrong backups: an invalid date, a duplicate id, a
 * policy number out of range, an unknown time zone (GFS only).
 */
import type { Retention } from "./policy";
import { assertTimeZone, periodKeys, type PeriodKeys } from "./periods";

export type { Retention };
export type RetainableBackup = { id: string; createdAt: Date; locked: boolean };
/** `reasons`: why it is kept (["newest", "daily 2026-11-20", "weekly 2026-W47"], ["locked"]), or why not (["beyond keep-last 7"]). */
export type RetentionDecision = { id: string; keep: boolean; reasons: string[] };
export type RetentionOptions = { now: Date; timeZone: string };

const DAY_MS = 86_400_000;

const GFS_RULES = [
  { rule: "daily", period: "day" },
  { rule: "weekly", period: "week" },
  { rule: "monthly", period: "month" },
  { rule: "yearly", period: "year" },
] as const satisfies readonly { rule: "daily" | "weekly" | "monthly" | "yearly"; period: keyof PeriodKeys }[];

/** Newest first; equal instants by id (descending) so the output never depends on the input order. */
const newestFirst = (a: RetainableBackup, b: RetainableBackup): number => {
  const d = b.createdAt.getTime() - a.createdAt.getTime();
  if (d !== 0) return d;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
};

const assertCount = (name: string, value: unknown, min: number): void => {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    throw new RangeError(`retention: ${name} must be a whole number of at least ${min} (got ${String(value)})`);
  }
};

const assertPolicy = (policy: Retention): void => {
  switch (policy.mode) {
    case "count":
      return assertCount("keep", policy.keep, 1);
    case "days":
      return assertCount("days", policy.days, 1);
    case "gfs":
      for (const { rule } of GFS_RULES) assertCount(rule, policy[rule], 0);
      return;
    default:
      throw new RangeError(`retention: unknown mode "${(policy as { mode?: unknown }).mode as string}"`);
  }
};

const assertBackups = (backups: readonly RetainableBackup[]): void => {
  const ids = new Set<string>();
  for (const b of backups) {
    if (!(b.createdAt instanceof Date) || !Number.isFinite(b.createdAt.getTime())) throw new RangeError(`retention: backup ${b.id} has an invalid createdAt`);
    if (ids.has(b.id)) throw new RangeError(`retention: backup ${b.id} is listed twice`);
    ids.add(b.id);
  }
};

/** Why a backup the policy does not keep goes. */
const deleteReason = (policy: Retention): string => {
  switch (policy.mode) {
    case "count":
      return `beyond keep-last ${policy.keep}`;
    case "days":
      return `older than ${policy.days} days`;
    case "gfs":
      return `not kept by daily ${policy.daily}, weekly ${policy.weekly}, monthly ${policy.monthly}, yearly ${policy.yearly}`;
  }
};

/** The reasons the policy itself keeps each unlocked backup (by id); absent = the policy lets it go. */
const policyReasons = (unlocked: readonly RetainableBackup[], policy: Retention, opts: RetentionOptions): Map<string, string[]> => {
  const kept = new Map<string, string[]>();
  const add = (id: string, reason: string) => {
    const list = kept.get(id);
    if (list) list.push(reason);
    else kept.set(id, [reason]);
  };
  switch (policy.mode) {
    case "count":
      for (const b of unlocked.slice(0, policy.keep)) add(b.id, `keep-last ${policy.keep}`);
      break;
    case "days": {
      const now = opts.now.getTime();
      if (!Number.isFinite(now)) throw new RangeError("retention: invalid now");
      const window = policy.days * DAY_MS;
      for (const b of unlocked) if (now - b.createdAt.getTime() < window) add(b.id, `within ${policy.days} days`);
      break;
    }
    case "gfs": {
      assertTimeZone(opts.timeZone);
      const keys = new Map(unlocked.map((b) => [b.id, periodKeys(b.createdAt, opts.timeZone)]));
      for (const { rule, period } of GFS_RULES) {
        const quota = policy[rule];
        // Newest first, so the first backup met in a period is that period's newest. A Set (not "key
        // changed since the previous backup") stays right even if a zone's local date ever steps back.
        const seen = new Set<string>();
        for (const b of unlocked) {
          if (seen.size >= quota) break;
          const key = (keys.get(b.id) as PeriodKeys)[period];
          if (seen.has(key)) continue;
          seen.add(key);
          add(b.id, `${rule} ${key}`);
        }
      }
      break;
    }
  }
  return kept;
};

/** Decides, for each backup of one series, whether the policy keeps it, and why. Newest first. */
export function planRetention(backups: readonly RetainableBackup[], policy: Retention, opts: RetentionOptions): RetentionDecision[] {
  assertPolicy(policy);
  assertBackups(backups);
  const sorted = [...backups].sort(newestFirst);
  const byPolicy = policyReasons(
    sorted.filter((b) => !b.locked),
    policy,
    opts,
  );
  const gone = deleteReason(policy);
  return sorted.map((b, i) => {
    const reasons: string[] = [];
    if (i === 0) reasons.push("newest");
    if (b.locked) reasons.push("locked");
    reasons.push(...(byPolicy.get(b.id) ?? []));
    return reasons.length > 0 ? { id: b.id, keep: true, reasons } : { id: b.id, keep: false, reasons: [gone] };
  });
}
