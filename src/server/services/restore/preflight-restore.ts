/**
 * The restore preflight: a checklist of what must hold before a backup may be restored into a target,
 * each item ok, warn (go ahead, but know this) or fail (the restore would be refused). Read-only: it
 * never creates, changes or reads more of the target than its version, its rights and whether the
 * database exists. The wizard shows it; every restore run starts with it.
 */
import { isAdapterError } from "@/adapters/errors";
import { assertDatabaseName } from "@/adapters/sources/database-name";
import { parseDbName } from "@/adapters/sources/redis/info";
import type { RestoreCredentials, RestorePreflight } from "@/adapters/types";
import { formatBytes } from "@/lib/backup/format-bytes";
import { compareRestoreVersions } from "@/lib/restore/server-version";
import { db } from "@/server/db";
import { isAppError } from "@/server/errors";
import type { OpenedSource } from "../adapters/open-adapter";
import { withAdapterContext } from "../adapters/with-adapter-context";
import { identitiesFor, loadStoredBackup, type StoredBackup } from "../storage/stored-backup";
import { openRestoreTarget } from "./open-restore-target";

export type PreflightStatus = "ok" | "warn" | "fail";
export type PreflightItem = { id: string; label: string; status: PreflightStatus; message: string };
export type PreflightResult = {
  ok: boolean;
  items: PreflightItem[];
  target: { sourceName: string | null; serverVersion: string | null; exists: boolean | null };
};

export type PreflightInput = {
  backupId: string;
  targetSourceId: string;
  database: string;
  overwrite: boolean;
  /** The database name typed again (needed with overwrite when the database exists) */
  confirm?: string;
  credentials?: RestoreCredentials;
  signal?: AbortSignal;
};

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Names each engine accepts as a restore target (Redis: db0 … db15; others: a safe database name). */
export const checkTargetName = (engine: string, database: string): string | null => {
  try {
    if (engine === "redis") parseDbName(database);
    else assertDatabaseName(database);
    return null;
  } catch (e) {
    return message(e);
  }
};

const backupItem = async (sb: StoredBackup): Promise<PreflightItem> => {
  const row = await db.backup.findUnique({ where: { id: sb.backup.id }, select: { verifyStatus: true, verifyError: true, verifiedAt: true } });
  const what = `${sb.backup.jobName ?? "deleted job"} / ${sb.backup.databaseName}, ${formatBytes(sb.backup.sizeBytes)} on ${sb.destination.name}`;
  if (row?.verifyStatus === "failed") {
    return { id: "backup", label: "Backup", status: "warn", message: `${what}; its last verification failed (${row.verifyError ?? "unknown error"}): the restore verifies it again first` };
  }
  return { id: "backup", label: "Backup", status: "ok", message: `${what}; it is verified in full before the target is touched` };
};

const keyItem = async (sb: StoredBackup): Promise<PreflightItem> => {
  if (!sb.spec.encrypted) return { id: "key", label: "Encryption key", status: "ok", message: "not encrypted" };
  try {
    await identitiesFor(sb);
    return { id: "key", label: "Encryption key", status: "ok", message: "the vault holds the key of this backup's encryption profile" };
  } catch (e) {
    return { id: "key", label: "Encryption key", status: "fail", message: message(e) };
  }
};

const targetItems = (pre: RestorePreflight, input: PreflightInput, source: OpenedSource): PreflightItem[] => {
  const items: PreflightItem[] = [];
  const db = input.database;
  if (!pre.exists) {
    items.push({ id: "target", label: "Target database", status: "ok", message: `${db} does not exist on ${source.name}: it will be created` });
    items.push(
      pre.canCreate
        ? { id: "rights", label: "Rights", status: "ok", message: `may create ${db}${pre.details ? ` (${pre.details})` : ""}` }
        : { id: "rights", label: "Rights", status: "fail", message: `may not create ${db}${pre.details ? ` (${pre.details})` : ""}` },
    );
  } else if (!input.overwrite) {
    items.push({
      id: "target",
      label: "Target database",
      status: "fail",
      message: `${db} already exists on ${source.name}${pre.details ? ` (${pre.details})` : ""}: restore into a new name, or choose to overwrite it`,
    });
  } else {
    items.push({ id: "target", label: "Target database", status: "warn", message: `${db} exists${pre.details ? ` (${pre.details})` : ""} and will be overwritten once the backup is verified` });
  }
  if (pre.exists) {
    items.push(
      pre.canOverwrite
        ? { id: "rights", label: "Rights", status: "ok", message: `may replace ${db}` }
        : { id: "rights", label: "Rights", status: "fail", message: `may not replace ${db}` },
    );
  }
  for (const p of pre.problems) items.push({ id: "problem", label: "Problem", status: "fail", message: p });
  return items;
};

export const preflightRestore = async (input: PreflightInput): Promise<PreflightResult> => {
  const items: PreflightItem[] = [];
  const target: PreflightResult["target"] = { sourceName: null, serverVersion: null, exists: null };
  const done = (): PreflightResult => ({ ok: items.every((i) => i.status !== "fail"), items, target });

  const sb = await loadStoredBackup(input.backupId);
  items.push(await backupItem(sb));
  items.push(await keyItem(sb));

  let source: OpenedSource;
  try {
    source = await openRestoreTarget(input.targetSourceId, input.credentials);
  } catch (e) {
    if (!isAppError(e)) throw e;
    items.push({ id: "source", label: "Target source", status: "fail", message: e.message });
    return done();
  }
  target.sourceName = source.name;
  if (source.engine !== sb.backup.engine) {
    items.push({ id: "engine", label: "Engine", status: "fail", message: `the backup is ${sb.backup.engine}, ${source.name} is ${source.engine}: pick a ${sb.backup.engine} source` });
    return done();
  }
  items.push({ id: "engine", label: "Engine", status: "ok", message: `${source.engine} → ${source.name}${input.credentials ? ` (as ${input.credentials.username})` : ""}` });

  const badName = checkTargetName(source.engine, input.database);
  if (badName) {
    items.push({ id: "name", label: "Database name", status: "fail", message: badName });
    return done();
  }
  if (input.overwrite && input.confirm !== input.database) {
    items.push({ id: "confirm", label: "Overwrite", status: "fail", message: `type the database name (${input.database}) to confirm the overwrite` });
  }

  if (!source.adapter.restorePreflight) {
    items.push({ id: "connect", label: "Target", status: "warn", message: `no preflight for ${source.adapterId}: the restore itself will check the target` });
    return done();
  }
  let pre: RestorePreflight;
  try {
    pre = await withAdapterContext((ctx) => (source.adapter.restorePreflight as NonNullable<typeof source.adapter.restorePreflight>)(source.config, { database: input.database }, ctx), input.signal);
  } catch (e) {
    items.push({ id: "connect", label: "Connection", status: "fail", message: isAdapterError(e) ? e.message : `unexpected error: ${message(e)}` });
    return done();
  }
  target.serverVersion = pre.serverVersion;
  target.exists = pre.exists;
  items.push({ id: "connect", label: "Connection", status: "ok", message: `${source.name}: ${pre.serverVersion}` });
  const v = compareRestoreVersions(source.engine, sb.manifest.source.serverVersion ?? sb.backup.serverVersion, pre.serverVersion);
  items.push({ id: "version", label: "Server version", status: v.status, message: v.message });
  items.push(...targetItems(pre, input, source));
  return done();
};
