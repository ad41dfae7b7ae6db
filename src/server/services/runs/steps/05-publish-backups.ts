/**
 * Step 5 (per database, after a clean pass): make the backup visible on each destination that took
 * all of it, in this order:
 *   1. commit() the data writer (rename / complete the multipart upload), then (setting
 *      backups.verifyAfterUpload) read the object back and check its sha256 and size, so a
 *      destination that stored something else fails now rather than at restore time;
 *   2. write the manifest with a second writer: a backup exists only if its manifest exists, so it
 *      goes last;
 *   3. record the Backup row.
 * A failure at any point fails that destination alone and removes what it made visible (the data
 * object when the manifest could not be written; both when the row could not be recorded).
 */
import type { AdapterContext } from "@/adapters/types";
import { type BackupManifest, serializeManifest } from "@/lib/backup/manifest";
import { formatBytes } from "@/lib/backup/format-bytes";
import { drainBackupRead, openBackupRead } from "@/lib/backup/read-pipeline";
import type { DestinationResult } from "@/lib/backup/run-status";
import { db } from "@/server/db";
import { getSetting } from "../../settings/get-settings";
import { type OpenedDestination, type RunContext, describeDestination, errorMessage } from "../run-context";
import type { OpenWriter } from "./03-open-writers";

export type PublishInput = {
  database: string;
  key: string;
  manifestKey: string;
  manifest: BackupManifest;
  storedBytes: number;
  /** Per-table row counts taken before the dump (null: not recorded) */
  tableCounts?: { name: string; rows: number }[] | null;
};

type PublishOptions = { verifyAfterUpload: boolean };

const removeQuietly = async (run: RunContext, d: OpenedDestination, key: string, ctx: AdapterContext): Promise<void> => {
  try {
    await d.adapter.delete(d.config, key, ctx);
  } catch (e) {
    run.log("warn", `could not remove ${key} from ${describeDestination(d)}: ${errorMessage(e)}; remove it by hand`);
  }
};

const writeManifest = async (d: OpenedDestination, manifestKey: string, text: string, ctx: AdapterContext): Promise<void> => {
  const w = await d.adapter.openWriter(d.config, manifestKey, ctx);
  w.stream.on("error", () => undefined); // commit() reports it
  try {
    w.stream.end(Buffer.from(text, "utf8"));
    await w.commit();
  } catch (e) {
    await w.abort(e).catch(() => undefined);
    throw e;
  }
};

/** Reads the committed object back, as stored: the sha256 and size must be the ones just written. */
const readBack = async (d: OpenedDestination, input: PublishInput, ctx: AdapterContext): Promise<number> => {
  const m = input.manifest;
  const stored = await d.adapter.read(d.config, input.key, ctx);
  const handle = openBackupRead(stored, { sha256: m.sha256, storedBytes: input.storedBytes, compression: m.compression.algorithm, encrypted: m.encryption !== null }, { mode: "raw", signal: ctx.signal });
  return (await drainBackupRead(handle)).storedBytes;
};

const publishOne = async (run: RunContext, { destination: d, writer }: OpenWriter, input: PublishInput, ctx: AdapterContext, o: PublishOptions): Promise<DestinationResult> => {
  const base = { id: d.id, name: d.name };
  const where = describeDestination(d);
  // 1. the data object
  try {
    const { size } = await writer.commit();
    if (size !== input.storedBytes) {
      await removeQuietly(run, d, input.key, ctx);
      throw new Error(`${where} stored ${size} bytes of ${input.storedBytes}`);
    }
  } catch (e) {
    const error = `commit failed: ${errorMessage(e)}`;
    run.log("error", `${input.database}: ${where}: ${error}`);
    return { ...base, status: "failed", error };
  }
  // 1b. read it back before it becomes a backup
  let verifiedAt: Date | null = null;
  if (o.verifyAfterUpload) {
    try {
      const n = await readBack(d, input, ctx);
      verifiedAt = new Date();
      run.log("info", `${input.database}: verified ${where}: read back ${formatBytes(n)}`);
    } catch (e) {
      await removeQuietly(run, d, input.key, ctx);
      const error = `verification after upload failed: ${errorMessage(e)}`;
      run.log("error", `${input.database}: ${where}: ${error}`);
      return { ...base, status: "failed", error };
    }
  }
  // 2. the manifest, last
  try {
    await writeManifest(d, input.manifestKey, serializeManifest(input.manifest), ctx);
  } catch (e) {
    await removeQuietly(run, d, input.key, ctx);
    const error = `writing the manifest failed: ${errorMessage(e)}`;
    run.log("error", `${input.database}: ${where}: ${error}`);
    return { ...base, status: "failed", error };
  }
  // 3. the record
  const m = input.manifest;
  try {
    await db.backup.create({
      data: {
        jobId: run.job.id,
        executionId: run.executionId,
        destinationId: d.id,
        databaseName: input.database,
        engine: m.source.engine,
        serverVersion: m.source.serverVersion,
        toolVersion: m.source.toolVersion,
        key: input.key,
        manifestKey: input.manifestKey,
        sizeBytes: BigInt(m.storedBytes),
        rawBytes: BigInt(m.rawBytes),
        sha256: m.sha256,
        compression: m.compression.algorithm,
        encryptionProfileId: run.encryption?.profileId ?? null,
        recipient: run.encryption?.recipient ?? null,
        manifest: JSON.stringify(m),
        tableCounts: input.tableCounts ? JSON.stringify(input.tableCounts) : null,
        ...(verifiedAt ? { verifiedAt, verifyStatus: "ok" } : {}),
      },
    });
  } catch (e) {
    await removeQuietly(run, d, input.manifestKey, ctx);
    await removeQuietly(run, d, input.key, ctx);
    const error = `recording the backup failed: ${errorMessage(e)}`;
    run.log("error", `${input.database}: ${where}: ${error}`);
    return { ...base, status: "failed", error };
  }
  run.log("info", `wrote ${input.database} to ${where}: ${input.key} (${formatBytes(m.storedBytes)})`);
  return { ...base, status: "ok", key: input.key };
};

/** Commits every writer in parallel (each destination on its own); results in the writers' order. */
export const publishBackups = async (run: RunContext, writers: readonly OpenWriter[], input: PublishInput, ctx: AdapterContext): Promise<DestinationResult[]> => {
  const o: PublishOptions = { verifyAfterUpload: await getSetting("backups.verifyAfterUpload") };
  return Promise.all(writers.map((w) => publishOne(run, w, input, ctx, o)));
};
