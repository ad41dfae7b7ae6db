/**
 * Recovery objectives, pure: the RPO of a scheduled job is the longest gap between two of its
 * upcoming slots (so "weekdays at 02:00" allows the weekend) plus a tolerance; it is breached when the
 * newest VERIFIED backup is older than that.
 */
export const longestGapMs = (slots: readonly Date[]): number | null => {
  let max: number | null = null;
  for (let i = 1; i < slots.length; i++) {
    const gap = (slots[i] as Date).getTime() - (slots[i - 1] as Date).getTime();
    if (max === null || gap > max) max = gap;
  }
  return max;
};

export const rpoTargetMs = (intervalMs: number, tolerancePercent: number): number => Math.round(intervalMs * (1 + tolerancePercent / 100));

export type RpoState = { targetMs: number | null; ageMs: number | null; breached: boolean };

/** ageMs null = never a verified backup: breached once the job has had a whole target to make one. */
export const rpoState = (targetMs: number | null, lastVerifiedBackupAt: Date | null, jobCreatedAt: Date, now: Date): RpoState => {
  if (targetMs === null) return { targetMs, ageMs: null, breached: false };
  const since = lastVerifiedBackupAt ?? null;
  const ageMs = since ? now.getTime() - since.getTime() : null;
  const breached = ageMs !== null ? ageMs > targetMs : now.getTime() - jobCreatedAt.getTime() > targetMs;
  return { targetMs, ageMs, breached };
};
