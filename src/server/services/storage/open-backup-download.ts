/**
 * A backup streamed to a client with no temp file: "raw" (the bytes as stored, still checked) or
 * "plain" (decrypted and decompressed). The checked pass fails the stream instead of ending it, and
 * the last chunk is held back until the pass has succeeded, so a client never receives a complete
 * corrupted file (with Content-Length, the missing tail makes the download incomplete). The adapter
 * context is disposed once the pass settles either way. Audited as backup.download.
 */
import { type Readable, Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import { isAdapterError } from "@/adapters/errors";
import { isBackupReadError } from "@/lib/backup/read-pipeline";
import { log } from "@/lib/logger";
import { AppError } from "@/server/errors";
import type { Actor } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { openAdapterContext } from "../adapters/with-adapter-context";
import { downloadFileName } from "./download-file-name";
import type { DownloadFormat } from "./storage.schema";
import { loadStoredBackup, readStoredBackup } from "./stored-backup";

export type BackupDownload = {
  stream: Readable;
  fileName: string;
  /** Known for "raw" only (the stored size); "plain" is as long as the dump was */
  contentLength: number | null;
  /** Settles when the pass ended (resolves) or failed / was cancelled (rejects) */
  done: Promise<void>;
};

/** Passes chunks on one step late: the last chunk leaves only when the input ended cleanly. */
class HoldLastChunk extends Transform {
  #held: Buffer | null = null;
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    const prev = this.#held;
    this.#held = chunk;
    cb(null, prev ?? undefined);
  }
  override _flush(cb: TransformCallback): void {
    cb(null, this.#held ?? undefined);
  }
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export const openBackupDownload = async ({ backupId, format, actor, signal }: { backupId: string; format: DownloadFormat; actor: Actor; signal?: AbortSignal }): Promise<BackupDownload> => {
  const sb = await loadStoredBackup(backupId);
  const { ctx, dispose } = await openAdapterContext(signal);
  let output: Readable;
  let done: Promise<void>;
  try {
    const handle = await readStoredBackup(sb, { mode: format === "raw" ? "raw" : "plain", ctx });
    const tail = new HoldLastChunk();
    const piped = pipeline(handle.stream, tail);
    piped.catch(() => undefined);
    output = tail;
    done = Promise.all([handle.done, piped]).then(() => undefined);
  } catch (e) {
    await dispose().catch(() => undefined);
    if (isBackupReadError(e)) throw new AppError("PRECONDITION_FAILED", e.message, { cause: e });
    if (isAdapterError(e)) throw new AppError(e.code === "NOT_FOUND" ? "NOT_FOUND" : "UNAVAILABLE", `could not read ${sb.backup.key} from ${sb.destination.name}: ${e.message}`, { cause: e });
    throw e;
  }
  done
    .catch((e: unknown) => log.warn("backup download did not complete", { backupId, key: sb.backup.key, format, error: message(e) }))
    .finally(() => void dispose().catch(() => undefined));

  await recordAudit({
    actor,
    action: "backup.download",
    resourceType: "backup",
    resourceId: backupId,
    details: { key: sb.backup.key, format, destination: sb.destination.name },
  });
  return {
    stream: output,
    fileName: downloadFileName(sb.backup.key, format),
    contentLength: format === "raw" ? sb.backup.sizeBytes : null,
    done,
  };
};
