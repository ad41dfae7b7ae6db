/**
 * Imports a configuration export: decrypt (if it is an age file), validate, plan (the dry run stops
 * here), then write the plan in one transaction, re-read the backup history from each destination's
 * manifests and re-schedule. Secrets are sealed under this instance's ENCRYPTION_KEY on the way in.
 */
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { seal } from "@/server/secrets";
import { requestScheduleRefresh } from "@/server/scheduler/job-scheduler";
import { log } from "@/lib/logger";
import type { Actor } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { entryFor } from "../adapters/adapter-kinds";
import { sealConfig } from "../adapters/config-codec";
import { identityContext } from "../vault/profile-dto";
import { type ImportManifestsResult, importManifests } from "../storage/import-manifests";
import { ConfigPassphraseError, decryptWithPassphrase, isAgeFile } from "./config-crypto";
import { type ConfigExport, ConfigFormatError, parseConfigExport } from "./config-format";
import { type ImportPlan, type ItemAction, type PlanItem, planImport } from "./plan-import";
import { setSelfBackupPassphrase } from "./self-backup-passphrase";

export type ImportConfigOptions = {
  file: Uint8Array;
  passphrase: string | null;
  dryRun: boolean;
  /** Imported jobs keep their enabled flag only when true; otherwise they arrive disabled */
  enableJobs: boolean;
  actor: Actor;
};

export type ImportSummary = {
  dryRun: boolean;
  includesSecrets: boolean;
  exportedAt: string;
  bunkerVersion: string;
  items: PlanItem[];
  counts: Record<ItemAction, number>;
  /** Per destination, after a real import */
  backups: ImportManifestsResult[];
};

/** The file as an export document; the messages tell a wrong passphrase from a wrong file. */
export const readConfigFile = async (file: Uint8Array, passphrase: string | null): Promise<ConfigExport> => {
  let text: string;
  if (isAgeFile(file)) {
    if (!passphrase) throw new AppError("VALIDATION", "This export is encrypted: enter its passphrase.", { fieldErrors: { passphrase: ["Required for an encrypted export"] } });
    try {
      text = await decryptWithPassphrase(file, passphrase);
    } catch (e) {
      if (e instanceof ConfigPassphraseError) throw new AppError("VALIDATION", e.message, { fieldErrors: { passphrase: [e.message] }, cause: e });
      throw e;
    }
  } else {
    text = Buffer.from(file).toString("utf8");
  }
  try {
    return parseConfigExport(text);
  } catch (e) {
    if (e instanceof ConfigFormatError) throw new AppError("VALIDATION", e.message, { fieldErrors: { file: [e.message] }, cause: e });
    throw e;
  }
};

const countActions = (items: PlanItem[]): Record<ItemAction, number> => {
  const counts: Record<ItemAction, number> = { create: 0, update: 0, conflict: 0, skip: 0 };
  for (const i of items) counts[i.action]++;
  return counts;
};

const applyPlan = async (plan: ImportPlan): Promise<void> => {
  await db.$transaction(
    async (tx) => {
      for (const g of plan.groups) {
        await tx.group.create({ data: { name: g.name, description: g.description, permissions: JSON.stringify(g.permissions), isSuperAdmin: g.isSuperAdmin, isSystem: false } });
      }
      for (const p of plan.profiles) {
        await tx.encryptionProfile.create({ data: { id: p.id, name: p.name, description: p.description, recipient: p.recipient, identity: seal(p.identity, identityContext(p.id)) } });
      }
      for (const a of plan.adapters) {
        const schema = entryFor(a.kind, a.adapterId).configSchema;
        await tx.adapterConfig.create({
          data: { id: a.id, kind: a.kind, name: a.name, adapterId: a.adapterId, config: sealConfig(a.id, schema, a.config), metadata: a.metadata ? JSON.stringify(a.metadata) : null },
        });
      }
      for (const p of plan.jobs) {
        const j = p.job;
        await tx.job.create({
          data: {
            id: p.id,
            name: j.name,
            slug: p.slug,
            description: j.description,
            sourceId: p.sourceId,
            databases: JSON.stringify(j.databases),
            schedule: p.schedule,
            enabled: p.enabled,
            compression: j.compression,
            compressionLevel: j.compression === "none" ? null : j.compressionLevel,
            encryptionProfileId: p.encryptionProfileId,
            retention: JSON.stringify(j.retention),
            notificationEvents: JSON.stringify(j.notificationEvents ?? []),
            drill: j.drill === null ? null : JSON.stringify(j.drill),
            timeoutSeconds: j.timeoutSeconds,
            destinations: { create: p.destinationIds.map((destinationId, position) => ({ destinationId, position })) },
            notifiers: { create: p.notifiers.map((n) => ({ notifierId: n.notifierId, events: JSON.stringify(n.events) })) },
          },
        });
      }
      for (const [key, value] of Object.entries(plan.settings)) {
        const v = JSON.stringify(value);
        await tx.systemSetting.upsert({ where: { key }, create: { key, value: v }, update: { value: v } });
      }
    },
    { timeout: 120_000 },
  );
  if (plan.selfBackupPassphrase) await setSelfBackupPassphrase(plan.selfBackupPassphrase);
};

export const importConfig = async (o: ImportConfigOptions): Promise<ImportSummary> => {
  const doc = await readConfigFile(o.file, o.passphrase);
  const plan = await planImport(doc, { enableJobs: o.enableJobs });
  const summary: ImportSummary = {
    dryRun: o.dryRun,
    includesSecrets: doc.includesSecrets,
    exportedAt: doc.exportedAt,
    bunkerVersion: doc.bunkerVersion,
    items: plan.items,
    counts: countActions(plan.items),
    backups: [],
  };
  if (o.dryRun) return summary;

  try {
    await applyPlan(plan);
  } catch (e) {
    await recordAudit({ actor: o.actor, action: "config.import", resourceType: "config", outcome: "failure", details: { reason: e instanceof Error ? e.message : String(e), counts: summary.counts } });
    throw e;
  }
  // Old backups show up again: every destination the file names (new or kept) is read for manifests.
  for (const destinationId of plan.destinationIds) {
    try {
      summary.backups.push(await importManifests({ destinationId, jobIdMap: plan.jobIdMap, actor: o.actor }));
    } catch (e) {
      const name = plan.adapters.find((a) => a.id === destinationId)?.name ?? destinationId;
      log.warn("config import could not read a destination's manifests", { destination: name, error: e });
      summary.backups.push({ destinationId, destinationName: name, manifests: 0, imported: 0, known: 0, skipped: 0, errors: [e instanceof Error ? e.message : String(e)] });
    }
  }
  requestScheduleRefresh();
  await recordAudit({
    actor: o.actor,
    action: "config.import",
    resourceType: "config",
    details: {
      contents: doc.includesSecrets ? "with-secrets" : "without-secrets",
      exportedAt: doc.exportedAt,
      counts: summary.counts,
      created: plan.items.filter((i) => i.action === "create").map((i) => `${i.kind}:${i.name}`).slice(0, 200),
      backupsImported: summary.backups.reduce((n, b) => n + b.imported, 0),
    },
  });
  return summary;
};
