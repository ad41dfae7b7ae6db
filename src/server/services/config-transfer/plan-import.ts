/**
 * The dry run of an import: what each item of the file would become in this instance, with the new ids
 * decided up front so references (job → source, destinations, notifiers, profile) resolve before
 * anything is written. Reads only; apply-import.ts writes exactly this plan.
 *
 * Policy (docs/configuration-export.md):
 * - a source, destination, notifier, job or group whose name exists here is a conflict: the existing one
 *   is kept unchanged, and references in the file point to it;
 * - a profile whose key (recipient) is already in the vault is used as it is; another key under a
 *   taken name is skipped, as is a profile without its secret key (an export without secrets);
 * - built-in groups are left as they are;
 * - a job whose source or encryption profile could not be imported is skipped (it would back up the
 *   wrong thing or turn encryption off); imported jobs are disabled unless enableJobs;
 * - settings are set to the file's values (ids remapped).
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { isPermission } from "@/server/rbac/permissions";
import { db } from "@/server/db";
import { type AdapterKind, entryFor } from "../adapters/adapter-kinds";
import { secretFieldNames } from "../adapters/config-fields";
import { freeSlug, checkSchedule } from "../jobs/job-validation";
import { COMPRESSIONS, ZDatabaseSelection, ZRetention } from "../jobs/jobs.schema";
import { JOB_EVENTS } from "../notifications/events";
import { getSettings } from "../settings/get-settings";
import { SETTINGS_SHAPE, type SettingKey } from "../settings/settings.schema";
import { parseIdentityFile } from "../vault/identity-file";
import type { ConfigExport, ExportedAdapter, ExportedJob } from "./config-format";

export type ItemKind = "setting" | "group" | "encryptionProfile" | "source" | "destination" | "notifier" | "job";
export type ItemAction = "create" | "update" | "conflict" | "skip";
export type PlanItem = { kind: ItemKind; name: string; action: ItemAction; detail?: string };

export type PlannedGroup = { name: string; description: string | null; permissions: string[]; isSuperAdmin: boolean };
export type PlannedProfile = { id: string; name: string; description: string | null; recipient: string; identity: string };
export type PlannedAdapter = { id: string; kind: AdapterKind; name: string; adapterId: string; config: Record<string, unknown>; metadata: Record<string, unknown> | null };
export type PlannedJob = {
  id: string;
  slug: string;
  job: ExportedJob;
  sourceId: string;
  destinationIds: string[];
  notifiers: Array<{ notifierId: string; events: string[] }>;
  encryptionProfileId: string | null;
  schedule: string | null;
  enabled: boolean;
};

export type ImportPlan = {
  items: PlanItem[];
  groups: PlannedGroup[];
  profiles: PlannedProfile[];
  adapters: PlannedAdapter[];
  jobs: PlannedJob[];
  settings: Partial<Record<SettingKey, unknown>>;
  selfBackupPassphrase: string | null;
  /** Destination ids of this instance that the file's destinations map to (created or existing) */
  destinationIds: string[];
  /** The file's job ids → this instance's, for matching backup manifests */
  jobIdMap: Map<string, string>;
};

const msg = (e: unknown) => (e instanceof Error ? e.message : String(e));

const planGroups = async (doc: ConfigExport, plan: ImportPlan) => {
  const existing = new Set((await db.group.findMany({ select: { name: true } })).map((g) => g.name));
  for (const g of doc.groups) {
    if (g.isSystem) {
      plan.items.push({ kind: "group", name: g.name, action: "skip", detail: "built-in group: left as it is here" });
    } else if (existing.has(g.name)) {
      plan.items.push({ kind: "group", name: g.name, action: "conflict", detail: "a group with this name exists: kept as it is" });
    } else {
      const permissions = g.permissions.filter(isPermission);
      const dropped = g.permissions.length - permissions.length;
      plan.groups.push({ name: g.name, description: g.description, permissions, isSuperAdmin: false });
      plan.items.push({ kind: "group", name: g.name, action: "create", ...(dropped ? { detail: `${dropped} unknown permission(s) dropped` } : {}) });
    }
  }
};

const planProfiles = async (doc: ConfigExport, plan: ImportPlan, profileMap: Map<string, string>) => {
  const rows = await db.encryptionProfile.findMany({ select: { id: true, name: true, recipient: true } });
  const byRecipient = new Map(rows.map((r) => [r.recipient, r]));
  const names = new Set(rows.map((r) => r.name));
  for (const p of doc.encryptionProfiles) {
    const same = byRecipient.get(p.recipient);
    if (same) {
      profileMap.set(p.id, same.id);
      plan.items.push({ kind: "encryptionProfile", name: p.name, action: "conflict", detail: `this key is already in the vault as "${same.name}": that profile is used` });
      continue;
    }
    if (names.has(p.name)) {
      plan.items.push({ kind: "encryptionProfile", name: p.name, action: "skip", detail: "another key with this name is in the vault; rename one and import again" });
      continue;
    }
    if (!p.identity) {
      plan.items.push({ kind: "encryptionProfile", name: p.name, action: "skip", detail: "this file has no secret keys: import its key from the recovery kit (Vault → Import), then import again" });
      continue;
    }
    try {
      const parsed = await parseIdentityFile(p.identity);
      if (parsed.recipient !== p.recipient) throw new Error("the secret key does not match its public key");
    } catch (e) {
      plan.items.push({ kind: "encryptionProfile", name: p.name, action: "skip", detail: `invalid key: ${msg(e)}` });
      continue;
    }
    const id = randomUUID();
    profileMap.set(p.id, id);
    names.add(p.name);
    plan.profiles.push({ id, name: p.name, description: p.description, recipient: p.recipient, identity: p.identity });
    plan.items.push({ kind: "encryptionProfile", name: p.name, action: "create" });
  }
};

/** Checks a config against its adapter schema; secret fields missing from a file without secrets are expected. */
const checkAdapterConfig = (kind: AdapterKind, a: ExportedAdapter, includesSecrets: boolean): { error?: string; missingSecrets: string[] } => {
  const schema = entryFor(kind, a.adapterId).configSchema;
  const secrets = new Set(secretFieldNames(schema));
  const r = schema.safeParse(a.config);
  if (r.success) return { missingSecrets: [] };
  const blocking = r.error.issues.filter((i) => includesSecrets || !secrets.has(String(i.path[0])));
  if (blocking.length) {
    const first = blocking[0]!;
    return { error: `invalid settings: ${first.path.join(".") || "config"}: ${first.message}`, missingSecrets: [] };
  }
  return { missingSecrets: [...new Set(r.error.issues.map((i) => String(i.path[0])))] };
};

const planAdapters = async (kind: AdapterKind, list: ExportedAdapter[], doc: ConfigExport, plan: ImportPlan, map: Map<string, string>) => {
  const rows = await db.adapterConfig.findMany({ where: { kind }, select: { id: true, name: true } });
  const byName = new Map(rows.map((r) => [r.name, r.id]));
  for (const a of list) {
    const existing = byName.get(a.name);
    if (existing) {
      map.set(a.id, existing);
      plan.items.push({ kind, name: a.name, action: "conflict", detail: `a ${kind} with this name exists: kept as it is and used by the imported jobs` });
      continue;
    }
    let check: ReturnType<typeof checkAdapterConfig>;
    try {
      check = checkAdapterConfig(kind, a, doc.includesSecrets);
    } catch (e) {
      plan.items.push({ kind, name: a.name, action: "skip", detail: msg(e) });
      continue;
    }
    if (check.error) {
      plan.items.push({ kind, name: a.name, action: "skip", detail: check.error });
      continue;
    }
    const id = randomUUID();
    map.set(a.id, id);
    byName.set(a.name, id);
    plan.adapters.push({ id, kind, name: a.name, adapterId: a.adapterId, config: a.config as Record<string, unknown>, metadata: a.metadata as Record<string, unknown> | null });
    const missing = [...new Set([...a.secretsOmitted, ...check.missingSecrets])];
    plan.items.push({ kind, name: a.name, action: "create", ...(missing.length ? { detail: `secrets to enter again: ${missing.join(", ")}` } : {}) });
  }
};

type Maps = { sources: Map<string, string>; destinations: Map<string, string>; notifiers: Map<string, string>; profiles: Map<string, string> };

const planJob = async (j: ExportedJob, maps: Maps, takenSlugs: Set<string>, enableJobs: boolean): Promise<PlannedJob | string> => {
  const sourceId = maps.sources.get(j.sourceId);
  if (!sourceId) return "its source was not imported";
  let encryptionProfileId: string | null = null;
  if (j.encryptionProfileId) {
    encryptionProfileId = maps.profiles.get(j.encryptionProfileId) ?? null;
    if (!encryptionProfileId) return "its encryption profile is not in the vault (see the profile above)";
  }
  const destinationIds = j.destinationIds.map((d) => maps.destinations.get(d)).filter((d): d is string => !!d);
  if (destinationIds.length === 0) return "none of its destinations was imported";
  const notifiers = j.notifiers
    .map((n) => ({ notifierId: maps.notifiers.get(n.notifierId), events: n.events.filter((e) => (JOB_EVENTS as readonly string[]).includes(e)) }))
    .filter((n): n is { notifierId: string; events: string[] } => !!n.notifierId && n.events.length > 0);
  if (!ZDatabaseSelection.safeParse(j.databases).success) return "its database selection is invalid";
  if (!ZRetention.safeParse(j.retention).success) return "its retention policy is invalid";
  if (!(COMPRESSIONS as readonly string[]).includes(j.compression)) return `unknown compression ${j.compression}`;
  let schedule: string | null;
  try {
    schedule = await checkSchedule(j.schedule);
  } catch (e) {
    return msg(e);
  }
  // The slug is kept when free: the stored backups' keys are built on it.
  let slug = j.slug;
  if (takenSlugs.has(slug) || !/^[a-z0-9-]+$/.test(slug)) slug = await freeSlug(j.name);
  for (let n = 2; takenSlugs.has(slug); n++) slug = `${slug.replace(/-\d+$/, "")}-${n}`;
  takenSlugs.add(slug);
  return { id: randomUUID(), slug, job: j, sourceId, destinationIds, notifiers, encryptionProfileId, schedule, enabled: j.enabled && enableJobs };
};

const planJobs = async (doc: ConfigExport, plan: ImportPlan, maps: Maps, enableJobs: boolean) => {
  const rows = await db.job.findMany({ select: { id: true, name: true, slug: true } });
  const byName = new Map(rows.map((r) => [r.name, r.id]));
  const takenSlugs = new Set(rows.map((r) => r.slug));
  for (const j of doc.jobs) {
    const existing = byName.get(j.name);
    if (existing) {
      plan.jobIdMap.set(j.id, existing);
      plan.items.push({ kind: "job", name: j.name, action: "conflict", detail: "a job with this name exists: kept as it is" });
      continue;
    }
    const r = await planJob(j, maps, takenSlugs, enableJobs);
    if (typeof r === "string") {
      plan.items.push({ kind: "job", name: j.name, action: "skip", detail: r });
      continue;
    }
    byName.set(j.name, r.id);
    plan.jobIdMap.set(j.id, r.id);
    plan.jobs.push(r);
    const notes = [r.enabled ? "enabled" : "disabled", ...(r.slug !== j.slug ? [`slug ${r.slug}`] : [])];
    const dropped = j.destinationIds.length - r.destinationIds.length;
    if (dropped) notes.push(`${dropped} destination(s) not imported`);
    plan.items.push({ kind: "job", name: j.name, action: "create", detail: notes.join(", ") });
  }
};

const ZRoutes = z.array(z.object({ notifierId: z.string(), events: z.array(z.string()) }));

/** The file's settings with this instance's ids, validated; only values that differ from the current ones. */
const planSettings = async (doc: ConfigExport, plan: ImportPlan, maps: Maps) => {
  const current = await getSettings();
  for (const [key, raw] of Object.entries(doc.settings)) {
    if (!Object.hasOwn(SETTINGS_SHAPE, key)) {
      plan.items.push({ kind: "setting", name: key, action: "skip", detail: "not a setting of this Bunker version" });
      continue;
    }
    const k = key as SettingKey;
    let value: unknown = raw;
    if (k === "configBackup.destinationId" && typeof raw === "string") value = maps.destinations.get(raw) ?? null;
    if (k === "notifications.systemRoutes") {
      const routes = ZRoutes.safeParse(raw);
      value = routes.success ? routes.data.map((r) => ({ ...r, notifierId: maps.notifiers.get(r.notifierId) })).filter((r) => r.notifierId) : raw;
    }
    const parsed = SETTINGS_SHAPE[k].safeParse(value);
    if (!parsed.success) {
      plan.items.push({ kind: "setting", name: key, action: "skip", detail: `invalid value: ${parsed.error.issues[0]?.message ?? "invalid"}` });
      continue;
    }
    if (JSON.stringify(parsed.data) === JSON.stringify(current[k])) continue;
    plan.settings[k] = parsed.data;
    plan.items.push({ kind: "setting", name: key, action: "update" });
  }
  if (doc.selfBackup?.passphrase) plan.selfBackupPassphrase = doc.selfBackup.passphrase;
};

export const planImport = async (doc: ConfigExport, opts: { enableJobs: boolean }): Promise<ImportPlan> => {
  const plan: ImportPlan = { items: [], groups: [], profiles: [], adapters: [], jobs: [], settings: {}, selfBackupPassphrase: null, destinationIds: [], jobIdMap: new Map() };
  const maps: Maps = { sources: new Map(), destinations: new Map(), notifiers: new Map(), profiles: new Map() };
  await planGroups(doc, plan);
  await planProfiles(doc, plan, maps.profiles);
  await planAdapters("source", doc.sources, doc, plan, maps.sources);
  await planAdapters("destination", doc.destinations, doc, plan, maps.destinations);
  await planAdapters("notifier", doc.notifiers, doc, plan, maps.notifiers);
  await planJobs(doc, plan, maps, opts.enableJobs);
  await planSettings(doc, plan, maps);
  plan.destinationIds = [...new Set(maps.destinations.values())];
  return plan;
};
