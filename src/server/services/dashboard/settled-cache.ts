/**
 * Days that are over do not change much: the dashboard aggregates everything before yesterday once and
 * keeps it for a few minutes, and queries only yesterday and today on every render. Yesterday stays live
 * because a run queued before midnight may still be finishing. Callers put the settled part's row count
 * in the key, so inserts and deletes in past days show at once; what the cache can miss for up to its
 * TTL is a past row changing in place (a run that ran across two midnights), which the next load picks up.
 */
export const SETTLED_TTL_MS = 5 * 60_000;

type Entry = { key: string; until: number; value: Promise<unknown> };
const g = globalThis as unknown as { bunkerDashboardCache?: Map<string, Entry> };
const entries = (g.bunkerDashboardCache ??= new Map<string, Entry>());

/** The value for `name` and `key`, loaded at most once per TTL; a failed load is not kept. */
export const settled = <T>(name: string, key: string, load: () => Promise<T>, nowMs: number = Date.now()): Promise<T> => {
  const hit = entries.get(name);
  if (hit && hit.key === key && hit.until > nowMs) return hit.value as Promise<T>;
  const value = load();
  entries.set(name, { key, until: nowMs + SETTLED_TTL_MS, value });
  value.catch(() => {
    if (entries.get(name)?.value === value) entries.delete(name);
  });
  return value;
};

/** Tests and settings changes: forget everything. */
export const clearSettledCache = (): void => entries.clear();
