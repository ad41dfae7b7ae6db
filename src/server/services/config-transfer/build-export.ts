/** Reads every exported model and turns it into the export document (secrets opened only when asked). */
import { BUNKER_VERSION } from "@/lib/version";
import { log } from "@/lib/logger";
import { db } from "@/server/db";
import { unseal } from "@/server/secrets";
import { type AdapterKind, entryFor } from "../adapters/adapter-kinds";
import { openConfig, parseStored, publicConfig } from "../adapters/config-codec";
import { getSettings } from "../settings/get-settings";
import { identityContext } from "../vault/profile-dto";
import { CONFIG_FORMAT, CONFIG_FORMAT_VERSION, type ConfigExport, type ExportedAdapter } from "./config-format";
import { readSelfBackupPassphrase } from "./self-backup-passphrase";

const parseJson = (s: string | null): unknown => {
  if (s === null) return null;
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
};

const asRecord = (v: unknown): Record<string, unknown> | null => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null);

const exportAdapters = async (kind: AdapterKind, includeSecrets: boolean): Promise<ExportedAdapter[]> => {
  const rows = await db.adapterConfig.findMany({ where: { kind }, orderBy: { name: "asc" } });
  const out: ExportedAdapter[] = [];
  for (const row of rows) {
    let schema;
    try {
      schema = entryFor(kind, row.adapterId).configSchema;
    } catch {
      log.warn("config export skips an adapter of an unknown type", { kind, name: row.name, adapterId: row.adapterId });
      continue;
    }
    const stored = parseStored(row.config);
    const pub = publicConfig(schema, stored);
    const config = includeSecrets ? openConfig(row.id, schema, stored) : pub.values;
    out.push({
      id: row.id,
      name: row.name,
      adapterId: row.adapterId,
      config: config as ExportedAdapter["config"],
      secretsOmitted: includeSecrets ? [] : pub.secretsSet,
      metadata: asRecord(parseJson(row.metadata)) as ExportedAdapter["metadata"],
    });
  }
  return out;
};

export const buildConfigExport = async ({ includeSecrets }: { includeSecrets: boolean }): Promise<ConfigExport> => {
  const [settings, groups, profiles, sources, destinations, notifiers, jobs] = await Promise.all([
    getSettings(),
    db.group.findMany({ orderBy: { name: "asc" } }),
    db.encryptionProfile.findMany({ orderBy: { name: "asc" } }),
    exportAdapters("source", includeSecrets),
    exportAdapters("destination", includeSecrets),
    exportAdapters("notifier", includeSecrets),
    db.job.findMany({
      orderBy: { name: "asc" },
      include: { destinations: { orderBy: { position: "asc" } }, notifiers: true },
    }),
  ]);
  return {
    format: CONFIG_FORMAT,
    formatVersion: CONFIG_FORMAT_VERSION,
    bunkerVersion: BUNKER_VERSION,
    exportedAt: new Date().toISOString(),
    includesSecrets: includeSecrets,
    settings: settings as ConfigExport["settings"],
    ...(includeSecrets ? { selfBackup: { passphrase: await readSelfBackupPassphrase().catch(() => null) } } : {}),
    groups: groups.map((g) => ({
      name: g.name,
      description: g.description,
      permissions: (parseJson(g.permissions) as string[] | null) ?? [],
      isSuperAdmin: g.isSuperAdmin,
      isSystem: g.isSystem,
    })),
    encryptionProfiles: profiles.map((p) => ({
      id: p.id,
      name: p.name,
      description: p.description,
      recipient: p.recipient,
      ...(includeSecrets ? { identity: unseal(p.identity, identityContext(p.id)) } : {}),
    })),
    sources,
    destinations,
    notifiers,
    jobs: jobs.map((j) => ({
      id: j.id,
      name: j.name,
      slug: j.slug,
      description: j.description,
      sourceId: j.sourceId,
      destinationIds: j.destinations.map((d) => d.destinationId),
      notifiers: j.notifiers.map((n) => ({ notifierId: n.notifierId, events: (parseJson(n.events) as string[] | null) ?? [] })),
      databases: parseJson(j.databases) as ConfigExport["jobs"][number]["databases"],
      schedule: j.schedule,
      enabled: j.enabled,
      compression: j.compression,
      compressionLevel: j.compressionLevel,
      encryptionProfileId: j.encryptionProfileId,
      retention: parseJson(j.retention) as ConfigExport["jobs"][number]["retention"],
      notificationEvents: parseJson(j.notificationEvents) as ConfigExport["jobs"][number]["notificationEvents"],
      drill: parseJson(j.drill) as ConfigExport["jobs"][number]["drill"],
      timeoutSeconds: j.timeoutSeconds,
    })),
  };
};
