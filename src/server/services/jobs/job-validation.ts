/** Checks shared by create and update: what the schema alone cannot know (rows that must exist, cron). */
import { sourceEntry } from "@/adapters/registry";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { getSetting } from "../settings/get-settings";
import { zstdAvailable } from "@/lib/compression/zstd";
import { describeSchedule, normalizeSchedule } from "@/lib/scheduler/cron";
import { slugify, type TJobFields } from "./jobs.schema";

const invalid = (field: string, message: string, fieldMessage = message): AppError =>
  new AppError("VALIDATION", message, { fieldErrors: { [field]: [fieldMessage] } });

/** The source is a source, every destination a destination, the profile exists. */
export const checkJobReferences = async (data: Pick<TJobFields, "sourceId" | "destinationIds" | "encryptionProfileId"> & { notifiers?: TJobFields["notifiers"] }): Promise<void> => {
  const source = await db.adapterConfig.findUnique({ where: { id: data.sourceId }, select: { kind: true, name: true } });
  if (!source) throw invalid("sourceId", "That source does not exist (it may have been deleted).", "Unknown source");
  if (source.kind !== "source") throw invalid("sourceId", `${source.name} is a ${source.kind}, not a source.`, "Not a source");

  const rows = await db.adapterConfig.findMany({ where: { id: { in: data.destinationIds } }, select: { id: true, kind: true, name: true } });
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const id of data.destinationIds) {
    const row = byId.get(id);
    if (!row) throw invalid("destinationIds", "A picked destination does not exist (it may have been deleted).", "Unknown destination");
    if (row.kind !== "destination") throw invalid("destinationIds", `${row.name} is a ${row.kind}, not a destination.`, `${row.name} is not a destination`);
  }

  const notifierIds = (data.notifiers ?? []).map((n) => n.notifierId);
  if (notifierIds.length) {
    const found = await db.adapterConfig.findMany({ where: { id: { in: notifierIds } }, select: { id: true, kind: true, name: true } });
    const kinds = new Map(found.map((r) => [r.id, r]));
    for (const id of notifierIds) {
      const row = kinds.get(id);
      if (!row) throw invalid("notifiers", "A picked notifier does not exist (it may have been deleted).", "Unknown notifier");
      if (row.kind !== "notifier") throw invalid("notifiers", `${row.name} is a ${row.kind}, not a notifier.`, `${row.name} is not a notifier`);
    }
  }

  if (data.encryptionProfileId) {
    const profile = await db.encryptionProfile.findUnique({ where: { id: data.encryptionProfileId }, select: { id: true } });
    if (!profile) throw invalid("encryptionProfileId", "That encryption profile does not exist (it may have been deleted).", "Unknown encryption profile");
  }
};

/** A valid cron expression in the system time zone, normalised; null = manual only. */
export const checkSchedule = async (schedule: string | null): Promise<string | null> => {
  const expr = normalizeSchedule(schedule);
  if (expr === null) return null;
  const d = describeSchedule(expr, await getSetting("system.timezone"), { count: 1 });
  if (!d.ok) throw invalid("schedule", `Invalid schedule: ${d.error}.`, `Invalid cron expression: ${d.error}`);
  return expr;
};

/** slugify(name), or the first free name-2, name-3 … */
/** zstd runs through its CLI: refuse it on a host without the binary instead of failing every run. */
export const checkCompression = async (compression: TJobFields["compression"]): Promise<void> => {
  if (compression === "zstd" && !(await zstdAvailable())) {
    throw invalid("compression", "zstd is not installed on this host: install the zstd package or choose gzip.", "zstd is not installed on this host");
  }
};

export const freeSlug = async (name: string): Promise<string> => {
  const base = slugify(name);
  const taken = new Set((await db.job.findMany({ where: { slug: { startsWith: base } }, select: { slug: true } })).map((r) => r.slug));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
};

/** The name is free (other than for the job itself): a clear field error before Prisma's unique index. */
export const checkNameFree = async (name: string, exceptId?: string): Promise<void> => {
  const other = await db.job.findFirst({ where: { name, ...(exceptId ? { id: { not: exceptId } } : {}) }, select: { id: true } });
  if (other) throw nameTaken(name);
};

export const nameTaken = (name: string): AppError =>
  new AppError("CONFLICT", `A job named ${name} already exists.`, { fieldErrors: { name: ["Already in use"] } });

/** The stored columns of a job from validated fields (schedule already checked). */
export const jobColumns = (data: TJobFields, schedule: string | null) => ({
  name: data.name,
  description: data.description,
  sourceId: data.sourceId,
  databases: JSON.stringify(data.databases.mode === "pick" ? { mode: "pick", names: [...new Set(data.databases.names)] } : { mode: "all" }),
  schedule,
  enabled: data.enabled,
  compression: data.compression,
  compressionLevel: data.compression === "none" ? null : data.compressionLevel,
  encryptionProfileId: data.encryptionProfileId,
  retention: JSON.stringify(data.retention),
  timeoutSeconds: data.timeoutSeconds,
  ...(data.drill === undefined ? {} : { drill: JSON.stringify(data.drill) }),
});

/** The drill's scratch target is a source of the job's engine; its own cron is valid. */
export const checkDrill = async (data: Pick<TJobFields, "sourceId" | "drill">): Promise<void> => {
  const d = data.drill;
  if (!d) return;
  if (d.schedule.mode === "cron") {
    const described = describeSchedule(normalizeSchedule(d.schedule.cron), await getSetting("system.timezone"), { count: 1 });
    if (!described.ok) throw invalid("drill.schedule.cron", `Invalid drill schedule: ${described.error}.`, `Invalid cron expression: ${described.error}`);
  }
  if (!d.targetSourceId) return;
  const [source, target] = await Promise.all([
    db.adapterConfig.findUnique({ where: { id: data.sourceId }, select: { adapterId: true } }),
    db.adapterConfig.findUnique({ where: { id: d.targetSourceId }, select: { kind: true, name: true, adapterId: true } }),
  ]);
  if (!target || target.kind !== "source") throw invalid("drill.targetSourceId", "The drill's scratch target does not exist or is not a source.", "Unknown source");
  if (source && source.adapterId !== target.adapterId) {
    throw invalid("drill.targetSourceId", `The scratch target ${target.name} is ${target.adapterId}, the job backs up ${source.adapterId}: pick a source of the same engine.`, "Not the job's engine");
  }
  // What the engine's adapter can do decides: drills need a way to drop the scratch database, checks a way to query.
  const adapter = await sourceEntry(target.adapterId)?.load();
  if (!adapter?.dropDatabase) {
    throw invalid("drill.targetSourceId", `Restore drills cannot use ${target.adapterId} sources as a scratch target.`, "This engine has no restore drills");
  }
  if (d.checks.length > 0 && !adapter.queryValue) {
    throw invalid("drill.checks", `${target.adapterId} has no query language: remove the checks (the drill still compares the key or row counts).`, "Checks need an SQL engine");
  }
};
