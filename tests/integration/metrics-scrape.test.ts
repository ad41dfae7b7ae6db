/**
 * /metrics after a real backup (SQLite source → local folder): the route handler itself, its token
 * check, and the series Prometheus needs, all read back from the database (so a restart loses nothing).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/metrics/route";
import { db } from "@/server/db";
import { resetEnvForTests } from "@/server/env";
import { SYSTEM_ACTOR } from "@/server/services/audit/audit-context";
import { getMetricsTokenStatus, revokeMetricsToken, rotateMetricsToken } from "@/server/services/metrics/metrics-token";
import { startBackupRun } from "@/server/services/runs/start-backup-run";
import { makeDestination, makeJob, makeSource, resetEngineDb, waitForRun } from "./engine/fixtures";

const scrape = (token?: string) => GET(new Request("http://localhost/metrics", { headers: token ? { authorization: `Bearer ${token}` } : {} }));

/** The value of one sample line, e.g. value(text, 'bunker_queue_depth{type="Backup"}'). */
const value = (text: string, series: string): number | undefined => {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe("GET /metrics", () => {
  let tmp: string;
  let jobName: string;
  let token: string;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bunker-metrics-"));
    const file = path.join(tmp, "shop.db");
    execFileSync("sqlite3", [file, "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t VALUES (1, 'a'), (2, 'b');"]);
    await resetEngineDb();
    const source = await makeSource("sqlite", { path: file }, "metrics-src");
    const dest = await makeDestination("local", { path: path.join(tmp, "dest") }, "metrics-nas");
    jobName = 'Shop "nightly"';
    const job = await makeJob({ name: jobName, sourceId: source.id, destinationIds: [dest.id], databases: { mode: "all" }, compression: "zstd" });
    const { executionId } = await startBackupRun({ jobId: job.id, trigger: "manual", actor: SYSTEM_ACTOR });
    expect((await waitForRun(executionId)).status).toBe("Success");
    token = (await rotateMetricsToken({ actor: SYSTEM_ACTOR })).token;
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("refuses a scrape without the token, or with a wrong one (401, WWW-Authenticate)", async () => {
    const none = await scrape();
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toContain("Bearer");
    expect((await scrape("bkm_wrong")).status).toBe(401);
  });

  it("serves the Prometheus text format with runs, timestamps, histograms, adapter health and queue depth", async () => {
    const res = await scrape(token);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain; version=0.0.4");
    const text = await res.text();
    const label = `job_name="Shop \\"nightly\\""`;

    expect(value(text, `bunker_job_runs_total{${label},type="Backup",status="Success"}`)).toBe(1);
    const backup = await db.backup.findFirstOrThrow();
    const run = await db.execution.findFirstOrThrow({ where: { type: "Backup" } });
    expect(value(text, `bunker_job_last_success_timestamp_seconds{${label}}`)).toBeCloseTo(run.endedAt!.getTime() / 1000, 3);
    expect(backup.verifyStatus).toBe("ok");
    expect(value(text, `bunker_job_last_verified_backup_timestamp_seconds{${label}}`)).toBeCloseTo(backup.createdAt.getTime() / 1000, 3);
    expect(value(text, `bunker_job_last_verified_timestamp_seconds{${label}}`)).toBeCloseTo(backup.verifiedAt!.getTime() / 1000, 3);

    expect(text).toContain("# TYPE bunker_backup_size_bytes histogram");
    expect(value(text, `bunker_backup_size_bytes_bucket{${label},le="1048576"}`)).toBe(1);
    expect(value(text, `bunker_backup_size_bytes_bucket{${label},le="+Inf"}`)).toBe(1);
    expect(value(text, `bunker_backup_size_bytes_sum{${label}}`)).toBe(Number(backup.sizeBytes));
    expect(value(text, `bunker_backup_size_bytes_count{${label}}`)).toBe(1);
    expect(text).toContain("# TYPE bunker_backup_duration_seconds histogram");
    expect(value(text, `bunker_backup_duration_seconds_count{${label}}`)).toBe(1);
    expect(value(text, `bunker_backup_duration_seconds_bucket{${label},le="+Inf"}`)).toBe(1);

    expect(value(text, `bunker_adapter_health{adapter="metrics-nas",kind="destination",type="local",state="UNKNOWN"}`)).toBeDefined();
    expect(text).toMatch(/bunker_adapter_up\{adapter="metrics-src",kind="source",type="sqlite"\} [01]/);
    expect(value(text, `bunker_queue_depth{type="Backup"}`)).toBe(0);
    // A verified backup just now: the RPO is not breached; no drill yet, so no RTO sample.
    expect(value(text, `bunker_job_rpo_breached{${label}}`)).toBe(0);
    expect(text).not.toContain(`bunker_job_rto_seconds{${label}}`);
    expect(text).toContain("bunker_process_cpu_user_seconds_total");
    expect(text).not.toContain(token);
  });

  it("counts Pending runs as queue depth and reads adapter health from the rows", async () => {
    await db.execution.create({ data: { type: "Backup", status: "Pending", trigger: "schedule" } });
    await db.adapterConfig.updateMany({ where: { name: "metrics-nas" }, data: { healthStatus: "OFFLINE", consecutiveFailures: 3 } });
    const text = await (await scrape(token)).text();
    expect(value(text, `bunker_queue_depth{type="Backup"}`)).toBe(1);
    expect(value(text, `bunker_adapter_health{adapter="metrics-nas",kind="destination",type="local",state="OFFLINE"}`)).toBe(1);
    expect(value(text, `bunker_adapter_health{adapter="metrics-nas",kind="destination",type="local",state="ONLINE"}`)).toBe(0);
    expect(value(text, `bunker_adapter_consecutive_failures{adapter="metrics-nas",kind="destination",type="local"}`)).toBe(3);
  });

  it("stores only a hash of the token: a new token replaces the old one, revoking closes /metrics", async () => {
    const row = await db.systemSetting.findUniqueOrThrow({ where: { key: "metrics.tokenHash" } });
    expect(row.value).not.toContain(token);
    const next = (await rotateMetricsToken({ actor: SYSTEM_ACTOR })).token;
    expect((await scrape(token)).status).toBe(401);
    expect((await scrape(next)).status).toBe(200);
    await revokeMetricsToken({ actor: SYSTEM_ACTOR });
    expect(await getMetricsTokenStatus()).toEqual({ configured: false, updatedAt: null });
    expect((await scrape(next)).status).toBe(401);
    expect(await db.auditLog.count({ where: { action: { startsWith: "metrics.token_" } } })).toBe(3);
  });

  it("is open without a token when METRICS_OPEN=1", async () => {
    process.env.METRICS_OPEN = "1";
    resetEnvForTests();
    try {
      expect((await scrape()).status).toBe(200);
    } finally {
      delete process.env.METRICS_OPEN;
      resetEnvForTests();
    }
    expect((await scrape()).status).toBe(401);
  });
});
