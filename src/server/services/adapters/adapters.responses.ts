/** What the REST API answers about stored sources and destinations (see ../common.responses.ts). */
import { z } from "zod";
import { ZDateTime, type Wire } from "../common.responses";
import type { AdapterConfigDto, HealthStatus } from "./adapter-dto";
import type { HealthCheckOutcome } from "./check-adapter-health";

export const HEALTH_STATUSES = ["UNKNOWN", "ONLINE", "DEGRADED", "OFFLINE"] as const satisfies readonly HealthStatus[];

export const ZHealthStatus = z.enum(HEALTH_STATUSES).meta({ id: "HealthStatus", description: "OFFLINE after 3 failed checks in a row, DEGRADED after 1–2" });

export const ZAdapterConfig = z
  .strictObject({
    id: z.string(),
    kind: z.enum(["source", "destination", "notifier"]),
    adapterId: z.string().describe("The adapter type: postgres, mysql, sqlite, redis, local, s3, sftp …"),
    typeLabel: z.string(),
    name: z.string(),
    values: z.record(z.string(), z.unknown()).describe("The non-secret config values; the fields depend on adapterId (docs/adapters)"),
    secretsSet: z.array(z.string()).describe("Secret fields that hold a value: the values themselves never leave the server"),
    healthStatus: ZHealthStatus,
    consecutiveFailures: z.number().int().nonnegative(),
    lastHealthCheck: ZDateTime.nullable(),
    lastError: z.string().nullable(),
    metadata: z
      .strictObject({ serverVersion: z.string().optional(), details: z.string().optional(), latencyMs: z.number().optional() })
      .describe("What the last successful check found"),
    usedBy: z.array(z.string()).describe("Names of the jobs that use it"),
    createdAt: ZDateTime,
  })
  .meta({ id: "AdapterConfig" }) satisfies z.ZodType<Wire<AdapterConfigDto>>;

export const ZSourcesResponse = z.strictObject({ sources: z.array(ZAdapterConfig) });
export const ZDestinationsResponse = z.strictObject({ destinations: z.array(ZAdapterConfig) });

export const ZConnectionTest = z
  .discriminatedUnion("ok", [
    z.strictObject({
      ok: z.literal(true),
      latencyMs: z.number(),
      serverVersion: z.string().optional(),
      details: z.string().optional(),
      metadata: z.record(z.string(), z.unknown()).optional().describe("Facts kept on the config, e.g. a first-seen SSH host key (public)"),
    }),
    z.strictObject({ ok: z.literal(false), latencyMs: z.number(), error: z.string() }),
  ])
  .meta({ id: "ConnectionTest" });

export const ZHealthCheckOutcome = z.strictObject({
  id: z.string(),
  name: z.string(),
  status: ZHealthStatus.describe("The health status after this check"),
  previous: ZHealthStatus,
  result: ZConnectionTest,
}) satisfies z.ZodType<HealthCheckOutcome>;
