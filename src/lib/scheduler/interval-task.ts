/**
 * A repeating background task that never overlaps itself: the next run is scheduled only after the
 * previous one finished, and the interval is re-read each time (a settings change applies at once).
 */
export type IntervalTask = { stop: () => void; runNow: () => Promise<void> };

export const startIntervalTask = (opts: {
  name: string;
  intervalMs: () => Promise<number>;
  run: () => Promise<void>;
  onError: (e: unknown) => void;
  /** Delay before the first run */
  initialDelayMs?: number;
}): IntervalTask => {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<void> | null = null;

  const tick = async (): Promise<void> => {
    if (running) return running;
    running = opts.run().catch(opts.onError).finally(() => {
      running = null;
    });
    await running;
  };
  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      void tick().then(async () => schedule(await opts.intervalMs().catch(() => 60_000)));
    }, ms);
    timer.unref();
  };
  schedule(opts.initialDelayMs ?? 5_000);
  return {
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
    runNow: tick,
  };
};
