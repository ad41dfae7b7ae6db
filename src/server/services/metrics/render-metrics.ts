/**
 * The Prometheus exposition of a snapshot, through prom-client: gauges and counters set from the
 * database rows, histograms whose buckets SQL already counted (prom-client's Histogram only observes,
 * so those are small custom metrics the registry formats like any other), and the process's default
 * metrics (CPU, memory, event loop) from a registry kept for the life of the process.
 */
import client, { type Metric, Registry } from "prom-client";
import { BUNKER_VERSION } from "@/lib/version";
import { DURATION_BUCKETS, type HistogramRow, type MetricsSnapshot, SIZE_BUCKETS } from "./metrics-snapshot";

const g = globalThis as unknown as { bunkerProcessMetrics?: Registry };
const processRegistry = (): Registry => {
  if (!g.bunkerProcessMetrics) {
    const r = new Registry();
    client.collectDefaultMetrics({ register: r, prefix: "bunker_" });
    g.bunkerProcessMetrics = r;
  }
  return g.bunkerProcessMetrics;
};

/** Health states an adapter can be in; each is a 0/1 series so alerts can match on `state`. */
const HEALTH_STATES = ["ONLINE", "DEGRADED", "OFFLINE", "UNKNOWN"];
/** "job" is Prometheus's own target label; ours is job_name so it never clashes. */
const JOB_LABEL = "job_name";

const seconds = (d: Date | null): number | null => (d ? d.getTime() / 1000 : null);

/** A histogram from bucket counts computed elsewhere (cumulative `le` buckets, then +Inf, _sum, _count). */
const precomputedHistogram = (name: string, help: string, bounds: number[], rows: HistogramRow[], jobName: (id: string | null) => string): Metric =>
  ({
    name,
    help,
    type: "histogram",
    aggregator: "sum",
    get: async () => ({
      name,
      help,
      type: "histogram",
      aggregator: "sum",
      values: rows.flatMap((r) => {
        const labels = { [JOB_LABEL]: jobName(r.jobId) };
        return [
          ...bounds.map((le, i) => ({ metricName: `${name}_bucket`, labels: { ...labels, le }, value: r.buckets[i] ?? 0 })),
          { metricName: `${name}_bucket`, labels: { ...labels, le: "+Inf" }, value: r.count },
          { metricName: `${name}_sum`, labels, value: r.sum },
          { metricName: `${name}_count`, labels, value: r.count },
        ];
      }),
    }),
  }) as unknown as Metric;

export const renderMetrics = async (s: MetricsSnapshot): Promise<{ body: string; contentType: string }> => {
  const reg = new Registry();
  const names = new Map(s.jobs.map((j) => [j.id, j.name]));
  const jobName = (id: string | null) => (id === null ? "" : (names.get(id) ?? id));

  new client.Gauge({ name: "bunker_build_info", help: "Bunker version (always 1).", labelNames: ["version"], registers: [reg] }).set({ version: BUNKER_VERSION }, 1);

  const runs = new client.Counter({
    name: "bunker_job_runs_total",
    help: "Runs recorded in the database, by job, type and status (job_name is empty for runs without a job, such as system tasks).",
    labelNames: [JOB_LABEL, "type", "status"],
    registers: [reg],
  });
  for (const r of s.runs) runs.inc({ [JOB_LABEL]: jobName(r.jobId), type: r.type, status: r.status }, r.count);

  const enabled = new client.Gauge({ name: "bunker_job_enabled", help: "1 when the job is enabled, 0 when disabled.", labelNames: [JOB_LABEL], registers: [reg] });
  const lastSuccess = new client.Gauge({
    name: "bunker_job_last_success_timestamp_seconds",
    help: "When the job's latest successful (or partial) backup run ended, as a Unix time. Absent when it never succeeded.",
    labelNames: [JOB_LABEL],
    registers: [reg],
  });
  const lastVerified = new client.Gauge({
    name: "bunker_job_last_verified_backup_timestamp_seconds",
    help: "When the job's newest backup that passed verification was written, as a Unix time. Absent when none did.",
    labelNames: [JOB_LABEL],
    registers: [reg],
  });
  const lastVerification = new client.Gauge({
    name: "bunker_job_last_verified_timestamp_seconds",
    help: "When that backup was last verified (sha256 and size read back), as a Unix time.",
    labelNames: [JOB_LABEL],
    registers: [reg],
  });
  for (const j of s.jobs) {
    const l = { [JOB_LABEL]: j.name };
    enabled.set(l, j.enabled ? 1 : 0);
    const ok = seconds(j.lastSuccessAt);
    if (ok !== null) lastSuccess.set(l, ok);
    const vb = seconds(j.lastVerifiedBackupAt);
    if (vb !== null) lastVerified.set(l, vb);
    const v = seconds(j.lastVerifiedAt);
    if (v !== null) lastVerification.set(l, v);
  }

  reg.registerMetric(precomputedHistogram("bunker_backup_size_bytes", "Size of stored backups (one per database and destination), in bytes.", SIZE_BUCKETS, s.sizes, jobName));
  reg.registerMetric(precomputedHistogram("bunker_backup_duration_seconds", "Duration of finished backup runs, in seconds.", DURATION_BUCKETS, s.durations, jobName));

  const health = new client.Gauge({
    name: "bunker_adapter_health",
    help: "1 for the adapter's current health state (ONLINE, DEGRADED, OFFLINE, UNKNOWN), 0 for the others.",
    labelNames: ["adapter", "kind", "type", "state"],
    registers: [reg],
  });
  const up = new client.Gauge({ name: "bunker_adapter_up", help: "1 when the adapter's last health check was ONLINE.", labelNames: ["adapter", "kind", "type"], registers: [reg] });
  const failures = new client.Gauge({ name: "bunker_adapter_consecutive_failures", help: "Health checks failed in a row.", labelNames: ["adapter", "kind", "type"], registers: [reg] });
  const checked = new client.Gauge({ name: "bunker_adapter_last_check_timestamp_seconds", help: "When the adapter was last health-checked, as a Unix time.", labelNames: ["adapter", "kind", "type"], registers: [reg] });
  for (const a of s.adapters) {
    const l = { adapter: a.name, kind: a.kind, type: a.adapterId };
    for (const state of HEALTH_STATES) health.set({ ...l, state }, a.healthStatus === state ? 1 : 0);
    up.set(l, a.healthStatus === "ONLINE" ? 1 : 0);
    failures.set(l, a.consecutiveFailures);
    const c = seconds(a.lastHealthCheck);
    if (c !== null) checked.set(l, c);
  }

  const queue = new client.Gauge({ name: "bunker_queue_depth", help: "Runs waiting to start (Pending), by type.", labelNames: ["type"], registers: [reg] });
  const running = new client.Gauge({ name: "bunker_runs_in_progress", help: "Runs going on now (Running), by type.", labelNames: ["type"], registers: [reg] });
  for (const type of ["Backup", "Restore", "Drill", "Verify", "System"]) {
    queue.set({ type }, s.queue.find((q) => q.type === type)?.count ?? 0);
    running.set({ type }, s.running.find((q) => q.type === type)?.count ?? 0);
  }

  // Recovery objectives: the RPO target and whether the newest verified backup is older than it, and the
  // RTO measured by the last passed restore drill.
  const rpoTarget = new client.Gauge({ name: "bunker_job_rpo_target_seconds", help: "The job's RPO: its schedule's longest interval plus the tolerance. Absent for manual jobs.", labelNames: [JOB_LABEL], registers: [reg] });
  const rpoBreached = new client.Gauge({ name: "bunker_job_rpo_breached", help: "1 when the newest verified backup is older than the job's RPO.", labelNames: [JOB_LABEL], registers: [reg] });
  const rto = new client.Gauge({ name: "bunker_job_rto_seconds", help: "Verification plus restore time of the job's last passed restore drill. Absent without one.", labelNames: [JOB_LABEL], registers: [reg] });
  const lastDrill = new client.Gauge({ name: "bunker_job_last_drill_passed", help: "1 when the job's last restore drill passed, 0 when it failed. Absent without drills.", labelNames: [JOB_LABEL], registers: [reg] });
  for (const o of s.objectives) {
    const l = { [JOB_LABEL]: jobName(o.jobId) };
    if (o.rpo.targetMs !== null) rpoTarget.set(l, o.rpo.targetMs / 1000);
    rpoBreached.set(l, o.rpo.breached ? 1 : 0);
    if (o.rto.lastMs !== null) rto.set(l, o.rto.lastMs / 1000);
    if (o.rto.lastDrillStatus !== null) lastDrill.set(l, o.rto.lastDrillStatus === "passed" ? 1 : 0);
  }

  const merged = Registry.merge([reg, processRegistry()]);
  return { body: await merged.metrics(), contentType: merged.contentType };
};
