import { describe, expect, it } from "vitest";
import { mapBounded } from "@/lib/backup/concurrency";
import { formatBytes } from "@/lib/backup/format-bytes";
import { createRateTracker } from "@/lib/backup/rate";
import {
  aggregateRunStatus,
  type DatabaseResult,
  databaseStatus,
  type DestinationStatus,
  firstRunError,
  partialWarning,
} from "@/lib/backup/run-status";

const dbr = (name: string, statuses: DestinationStatus[], error?: string): DatabaseResult => ({
  name,
  status: databaseStatus(statuses.map((status) => ({ status }))),
  bytesRead: 10,
  bytesStored: 5,
  ...(error ? { error } : {}),
  destinations: statuses.map((status, i) => ({ id: `d${i}`, name: `dest${i}`, status, ...(status === "failed" ? { error: `boom ${i}` } : {}) })),
});

describe("run status aggregation", () => {
  it("all ok → Success", () => {
    expect(aggregateRunStatus({ databases: [dbr("a", ["ok", "ok"]), dbr("b", ["ok", "ok"])] })).toBe("Success");
  });

  it("some ok → Partial (a failed destination, or a failed database)", () => {
    expect(aggregateRunStatus({ databases: [dbr("a", ["ok", "failed"])] })).toBe("Partial");
    expect(aggregateRunStatus({ databases: [dbr("a", ["ok", "ok"]), dbr("b", ["aborted", "aborted"], "pg_dump exited with code 1")] })).toBe("Partial");
  });

  it("none ok → Failed; nothing to back up → Failed", () => {
    expect(aggregateRunStatus({ databases: [dbr("a", ["failed", "aborted"]), dbr("b", ["aborted"], "x")] })).toBe("Failed");
    expect(aggregateRunStatus({ databases: [] })).toBe("Failed");
    expect(aggregateRunStatus({ databases: [dbr("a", [])] })).toBe("Failed");
  });

  it("cancelled → Cancelled even when some finished; timeout or an early failure → Failed", () => {
    expect(aggregateRunStatus({ databases: [dbr("a", ["ok"]), dbr("b", ["aborted"])], cancelled: true })).toBe("Cancelled");
    expect(aggregateRunStatus({ databases: [], cancelled: true })).toBe("Cancelled");
    expect(aggregateRunStatus({ databases: [dbr("a", ["ok"])], timedOut: true })).toBe("Failed");
    expect(aggregateRunStatus({ databases: [], failedEarly: true })).toBe("Failed");
  });

  it("per-database status", () => {
    expect(databaseStatus([{ status: "ok" }, { status: "ok" }])).toBe("ok");
    expect(databaseStatus([{ status: "ok" }, { status: "failed" }])).toBe("partial");
    expect(databaseStatus([{ status: "aborted" }])).toBe("failed");
    expect(databaseStatus([{ status: "aborted" }], true)).toBe("cancelled");
    expect(databaseStatus([])).toBe("failed");
  });

  it("first error and the partial warning name the database and the destination", () => {
    const dbs = [dbr("a", ["ok", "failed"]), dbr("b", ["aborted", "aborted"], "pg_dump: database \"b\" does not exist")];
    expect(firstRunError(dbs)).toBe("a → dest1: boom 1");
    expect(firstRunError([dbs[1] as DatabaseResult])).toBe('b: pg_dump: database "b" does not exist');
    expect(firstRunError([dbr("a", ["ok"])])).toBeNull();
    expect(partialWarning(dbs)).toBe("3 of 4 backups were not stored: a → dest1, b → dest0, b → dest1");
    expect(partialWarning([dbr("a", ["failed"])])).toBeNull();
    expect(partialWarning([dbr("a", ["ok"])])).toBeNull();
  });
});

describe("run helpers", () => {
  it("mapBounded never runs more than the limit at once and keeps the order", async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapBounded([5, 1, 4, 2, 3], 2, async (n, i) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, n * 3));
      inFlight--;
      return `${i}:${n}`;
    });
    expect(out).toEqual(["0:5", "1:1", "2:4", "3:2", "4:3"]);
    expect(peak).toBe(2);
    expect(await mapBounded([], 2, async () => 1)).toEqual([]);
    await expect(mapBounded([1], 0, async () => 1)).rejects.toThrow(RangeError);
  });

  it("rate over a sliding window", () => {
    const r = createRateTracker(1000);
    expect(r.sample(0, 0)).toBe(0);
    expect(r.sample(500, 500)).toBe(1000);
    expect(r.sample(1000, 1000)).toBe(1000);
    // the window drops old samples: only the recent, faster ones count
    expect(r.sample(4000, 2000)).toBe(3000);
  });

  it("formatBytes", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(999)).toBe("999 B");
    expect(formatBytes(12_300_000)).toBe("12.3 MB");
    expect(formatBytes(2_100_000_000)).toBe("2.1 GB");
    expect(formatBytes(123_456)).toBe("123 kB");
  });
});
