/**
 * Live progress of one run: byte meters feed per-database counters, and this publishes a `progress`
 * event at most every PUBLISH_MS (with a trailing one, so the last numbers are never lost) and writes
 * Execution.bytesRead/bytesStored/step at most every DB_WRITE_MS for the History page.
 */
import { createRateTracker } from "@/lib/backup/rate";
import { log } from "@/lib/logger";
import { db } from "@/server/db";
import { publishRunEvent } from "@/server/runs/progress-bus";

const PUBLISH_MS = 250;
const DB_WRITE_MS = 2000;

/** One database's counters, updated by its byte meters */
export type ByteCounters = { read: number; stored: number };

export type RunProgress = {
  /** Counters for one more database; they keep counting toward the totals after it ends */
  track: () => ByteCounters;
  setStep: (step: string) => void;
  /** Call when counters changed: publishes (throttled) */
  changed: () => void;
  totals: () => { bytesRead: number; bytesStored: number };
  /** Stops publishing and waits for a progress write in flight */
  stop: () => Promise<void>;
};

export const createRunProgress = (executionId: string, now: () => number = () => performance.now()): RunProgress => {
  const counters: ByteCounters[] = [];
  const rate = createRateTracker(5000);
  let step = "starting";
  let lastPublish = -Infinity;
  let lastDbWrite = -Infinity;
  let trailing: NodeJS.Timeout | undefined;
  let dbWrite: Promise<void> | undefined;
  let stopped = false;

  const totals = () => {
    let bytesRead = 0;
    let bytesStored = 0;
    for (const c of counters) {
      bytesRead += c.read;
      bytesStored += c.stored;
    }
    return { bytesRead, bytesStored };
  };

  const writeDb = (t: { bytesRead: number; bytesStored: number }) => {
    if (dbWrite) return; // one write at a time; the next tick writes newer numbers
    dbWrite = db.execution
      .update({ where: { id: executionId }, data: { bytesRead: BigInt(t.bytesRead), bytesStored: BigInt(t.bytesStored), step } })
      .then(() => undefined)
      .catch((e: unknown) => log.warn("could not record run progress", { executionId, error: e }))
      .finally(() => (dbWrite = undefined));
  };

  const publish = () => {
    trailing = undefined;
    const t = now();
    lastPublish = t;
    const tot = totals();
    publishRunEvent(executionId, { type: "progress", bytesRead: tot.bytesRead, bytesStored: tot.bytesStored, rate: rate.sample(tot.bytesRead, t), step });
    if (t - lastDbWrite >= DB_WRITE_MS) {
      lastDbWrite = t;
      writeDb(tot);
    }
  };

  const changed = () => {
    if (stopped) return;
    const wait = lastPublish + PUBLISH_MS - now();
    if (wait <= 0) {
      if (trailing) clearTimeout(trailing);
      publish();
    } else if (!trailing) {
      trailing = setTimeout(publish, wait);
      trailing.unref?.();
    }
  };

  return {
    track: () => {
      const c: ByteCounters = { read: 0, stored: 0 };
      counters.push(c);
      return c;
    },
    setStep: (s) => {
      step = s;
      changed();
    },
    changed,
    totals,
    // No last event here: it could come sooner than PUBLISH_MS after the previous one, and the final
    // numbers go out with the run's end (the Execution row and its `status` event).
    stop: async () => {
      stopped = true;
      if (trailing) clearTimeout(trailing);
      trailing = undefined;
      await dbWrite;
    },
  };
};
