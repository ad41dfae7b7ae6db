/** Bytes per second over a sliding window of samples (the "rate" of a run's progress events). */
export type RateTracker = {
  /** Records the running total at time `now` (ms, monotonic) and returns the current rate in bytes/s */
  sample: (total: number, now: number) => number;
};

export const createRateTracker = (windowMs = 5000): RateTracker => {
  const samples: Array<{ t: number; total: number }> = [];
  return {
    sample: (total, now) => {
      samples.push({ t: now, total });
      while (samples.length > 2 && (samples[1]?.t ?? now) <= now - windowMs) samples.shift();
      const first = samples[0];
      if (!first || now - first.t <= 0) return 0;
      return Math.max(0, Math.round(((total - first.total) * 1000) / (now - first.t)));
    },
  };
};

