import type { AdapterConfig } from "@/generated/prisma/client";
import { entryFor, type AdapterKind } from "./adapter-kinds";
import { parseStored, publicConfig } from "./config-codec";

export type HealthStatus = "UNKNOWN" | "ONLINE" | "DEGRADED" | "OFFLINE";

export type AdapterMetadata = { serverVersion?: string; details?: string; latencyMs?: number };

export type AdapterConfigDto = {
  id: string;
  kind: AdapterKind;
  adapterId: string;
  typeLabel: string;
  name: string;
  /** Non-secret config values */
  values: Record<string, unknown>;
  /** Names of secret fields that have a stored value (the values never leave the server) */
  secretsSet: string[];
  healthStatus: HealthStatus;
  consecutiveFailures: number;
  lastHealthCheck: string | null;
  lastError: string | null;
  metadata: AdapterMetadata;
  usedBy: string[];
  createdAt: string;
};

export const parseMetadata = (json: string | null): AdapterMetadata => {
  try {
    const v: unknown = json ? JSON.parse(json) : {};
    return v && typeof v === "object" ? (v as AdapterMetadata) : {};
  } catch {
    return {};
  }
};

export const toAdapterDto = (row: AdapterConfig, usedBy: string[] = []): AdapterConfigDto => {
  const kind = row.kind as AdapterKind;
  const entry = entryFor(kind, row.adapterId);
  const { values, secretsSet } = publicConfig(entry.configSchema, parseStored(row.config));
  return {
    id: row.id,
    kind,
    adapterId: row.adapterId,
    typeLabel: entry.label,
    name: row.name,
    values,
    secretsSet,
    healthStatus: row.healthStatus as HealthStatus,
    consecutiveFailures: row.consecutiveFailures,
    lastHealthCheck: row.lastHealthCheck?.toISOString() ?? null,
    lastError: row.lastError,
    metadata: parseMetadata(row.metadata),
    usedBy,
    createdAt: row.createdAt.toISOString(),
  };
};

/** Jobs that use each config: a source by Job.sourceId, a destination through JobDestination, a notifier through JobNotifier. */
export const usageSelect = {
  jobsAsSource: { select: { name: true } },
  jobDestinations: { select: { job: { select: { name: true } } } },
  jobNotifiers: { select: { job: { select: { name: true } } } },
} as const;

type JobRef = { job: { name: string } };

export const usageOf = (row: { jobsAsSource: { name: string }[]; jobDestinations: JobRef[]; jobNotifiers?: JobRef[] }): string[] =>
  [...row.jobsAsSource.map((j) => j.name), ...row.jobDestinations.map((d) => d.job.name), ...(row.jobNotifiers ?? []).map((n) => n.job.name)].sort();
