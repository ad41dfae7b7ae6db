import type { ConnectionTest } from "@/adapters/types";
import { log } from "@/lib/logger";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { type AdapterKind, type ConnectableEntry, entryFor } from "./adapter-kinds";
import { type HealthStatus, parseMetadata } from "./adapter-dto";
import { openConfig, parseStored, sealConfig } from "./config-codec";
import { describeConfig } from "./config-fields";
import { nextHealth } from "./health-status";
import { notifyEvent } from "../notifications/notify-event";
import { runConnectionTest } from "./run-connection-test";

export type HealthCheckOutcome = { id: string; name: string; status: HealthStatus; previous: HealthStatus; result: ConnectionTest };

/**
 * Tests one stored source or destination and records the result: a HealthCheckLog row, the new status,
 * and facts worth keeping (server version). A value the adapter reports for an empty config field
 * (an SFTP host key) is pinned there: trust on first use, checked on every later connection.
 */
export const checkAdapterHealth = async ({ id }: { id: string }): Promise<HealthCheckOutcome> => {
  const row = await db.adapterConfig.findUnique({ where: { id } });
  if (!row) throw new AppError("NOT_FOUND", "That source or destination does not exist.");
  if (row.kind === "notifier") throw new AppError("BAD_REQUEST", "Notifiers have no health check: use Send test.");
  const entry = entryFor(row.kind as AdapterKind, row.adapterId) as ConnectableEntry;
  const plain = openConfig(row.id, entry.configSchema, parseStored(row.config));
  const result = await runConnectionTest(entry, plain);
  const next = nextHealth(row.consecutiveFailures, result.ok);

  let config = row.config;
  const metadata = parseMetadata(row.metadata);
  if (result.ok) {
    const fields = new Set(describeConfig(entry.configSchema).map((f) => f.name));
    const pins = Object.entries(result.metadata ?? {}).filter(([k, v]) => fields.has(k) && typeof v === "string" && !plain[k]);
    if (pins.length) {
      config = sealConfig(row.id, entry.configSchema, { ...plain, ...Object.fromEntries(pins) });
      log.info("pinned on first connection", { adapter: row.name, fields: pins.map(([k]) => k) });
    }
    Object.assign(metadata, { serverVersion: result.serverVersion, details: result.details, latencyMs: result.latencyMs });
  }

  const now = new Date();
  await db.$transaction([
    db.healthCheckLog.create({
      data: { adapterConfigId: row.id, status: next.status, latencyMs: result.latencyMs, error: result.ok ? null : result.error, checkedAt: now },
    }),
    db.adapterConfig.update({
      where: { id: row.id },
      data: {
        config,
        healthStatus: next.status,
        consecutiveFailures: next.consecutiveFailures,
        lastHealthCheck: now,
        lastError: result.ok ? null : result.error,
        metadata: JSON.stringify(metadata),
      },
    }),
  ]);
  const previous = row.healthStatus as HealthStatus;
  if (previous !== next.status && (next.status === "OFFLINE" || (previous === "OFFLINE" && next.status === "ONLINE"))) {
    log.warn(`${row.kind} ${row.name} is now ${next.status}`, { error: result.ok ? undefined : result.error });
    // Enqueue only: the deliveries run in the background and never slow the health sweep.
    void notifyEvent({ type: next.status === "OFFLINE" ? "health.offline" : "health.online", adapterId: row.id });
  }
  return { id: row.id, name: row.name, status: next.status, previous, result };
};
