/**
 * Fixed-window counters in process memory. Bunker runs as one process (the scheduler and the run queue
 * live there too), so a shared store would add a dependency without adding protection.
 */
type Window = { start: number; count: number };

export type RateLimiter = {
  /** Whether the key is still under `limit` in the current window, without counting. */
  check: (key: string, limit: number) => { ok: boolean; retryAfterSeconds: number };
  /** Counts one event against the key. */
  hit: (key: string) => void;
  reset: (key?: string) => void;
};

export const createRateLimiter = (windowMs: number, maxKeys = 50_000): RateLimiter => {
  const windows = new Map<string, Window>();
  const current = (key: string, now: number): Window | undefined => {
    const w = windows.get(key);
    if (w && now - w.start >= windowMs) {
      windows.delete(key);
      return undefined;
    }
    return w;
  };
  const prune = (now: number) => {
    if (windows.size < maxKeys) return;
    for (const [k, w] of windows) if (now - w.start >= windowMs) windows.delete(k);
    // Still full: a flood of distinct keys; drop the oldest rather than grow without bound.
    for (const k of windows.keys()) {
      if (windows.size < maxKeys) break;
      windows.delete(k);
    }
  };
  return {
    check(key, limit) {
      const now = Date.now();
      const w = current(key, now);
      const retryAfterSeconds = w ? Math.max(1, Math.ceil((w.start + windowMs - now) / 1000)) : 0;
      return { ok: !w || w.count < limit, retryAfterSeconds };
    },
    hit(key) {
      const now = Date.now();
      const w = current(key, now);
      if (w) w.count += 1;
      else {
        prune(now);
        windows.set(key, { start: now, count: 1 });
      }
    },
    reset(key) {
      if (key === undefined) windows.clear();
      else windows.delete(key);
    },
  };
};
