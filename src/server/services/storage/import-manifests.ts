/**
 * Rebuilds the backup history of a destination from what it stores: every `<key>.manifest.json` whose data
 * object is there and not yet recorded becomes a Backup row (engine, versions, sizes, sha256, compression
 * and recipient from the manifest). Used by the configuration import, so an instance rebuilt from an export
 * sees its old backups, and on its own to rescan a destination. Idempotent: recorded keys are left alone.
 */
import type { Readable } from "node:stream";
import { MANIFEST_SUFFIX } from "@/lib/backup/keys";
import { parseManifest, type BackupManifest } from "@/lib/backup/manifest";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { openDestination } from "../adapters/open-adapter";
import { withAdapterContext } from "../adapters/with-adapter-context";
import { type Actor, SYSTEM_ACTOR } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";

/** A manifest is a few hundred bytes; anything far bigger is not one of ours. */
const MAX_MANIFEST_BYTES = 1024 * 1024;

export type ImportManifestsResult = {
  destinationId: string;
  destinationName: string;
  /** Manifests found on the destination */
  manifests: number;
  /** Backup rows created */
  imported: number;
  /** Already recorded */
  known: number;
  /** Manifests whose data object is missing, or unreadable manifests */
  skipped: number;
  errors: string[];
};

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

const readText = async (stream: Readable): Promise<string> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of stream) {
    const b = Buffer.isBuffer(c) ? c : Buffer.from(c as Uint8Array);
    size += b.length;
    if (size > MAX_MANIFEST_BYTES) {
      stream.destroy();
      throw new Error("larger than any manifest");
    }
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString("utf8");
};

/** The job a manifest belongs to here: through the import's id map, by its own id, then by slug; else none. */
const jobFor = async (m: BackupManifest, jobIdMap: ReadonlyMap<string, string> | undefined): Promise<string | null> => {
  const mapped = jobIdMap?.get(m.job.id);
  if (mapped) return mapped;
  const byId = await db.job.findUnique({ where: { id: m.job.id }, select: { id: true } });
  if (byId) return byId.id;
  return (await db.job.findUnique({ where: { slug: m.job.slug }, select: { id: true } }))?.id ?? null;
};

export const importManifests = async (o: { destinationId: string; jobIdMap?: ReadonlyMap<string, string>; actor?: Actor; signal?: AbortSignal }): Promise<ImportManifestsResult> => {
  const row = await db.adapterConfig.findUnique({ where: { id: o.destinationId } });
  if (!row || row.kind !== "destination") throw new AppError("NOT_FOUND", "That destination does not exist.");
  const result: ImportManifestsResult = { destinationId: row.id, destinationName: row.name, manifests: 0, imported: 0, known: 0, skipped: 0, errors: [] };
  const dest = await openDestination(row);
  const recorded = new Set((await db.backup.findMany({ where: { destinationId: row.id }, select: { key: true } })).map((b) => b.key));
  const profiles = await db.encryptionProfile.findMany({ select: { id: true, recipient: true } });

  await withAdapterContext(async (ctx) => {
    const objects = await dest.adapter.list(dest.config, "", ctx);
    const present = new Set(objects.map((x) => x.key));
    for (const obj of objects) {
      if (!obj.key.endsWith(MANIFEST_SUFFIX)) continue;
      result.manifests++;
      const dataKey = obj.key.slice(0, -MANIFEST_SUFFIX.length);
      if (recorded.has(dataKey)) {
        result.known++;
        continue;
      }
      try {
        const parsed = parseManifest(await readText(await dest.adapter.read(dest.config, obj.key, ctx)));
        if (!parsed.ok) throw new Error(parsed.error);
        const m = parsed.manifest;
        if (m.key !== dataKey) throw new Error(`it describes ${m.key}, not ${dataKey}`);
        if (!present.has(m.key)) {
          result.skipped++;
          result.errors.push(`${obj.key}: the backup file itself is missing`);
          continue;
        }
        const jobId = await jobFor(m, o.jobIdMap);
        // A run of that job may be publishing this very backup: its own insert must not collide with ours.
        if (jobId && (await db.execution.findFirst({ where: { jobId, status: { in: ["Pending", "Running"] } }, select: { id: true } }))) {
          result.skipped++;
          result.errors.push(`${obj.key}: a run of its job is in progress; rescan once it has finished`);
          continue;
        }
        const recipients = m.encryption?.recipients ?? [];
        const profile = profiles.find((p) => recipients.includes(p.recipient)) ?? null;
        await db.backup.create({
          data: {
            jobId,
            destinationId: row.id,
            databaseName: m.database,
            engine: m.source.engine,
            serverVersion: m.source.serverVersion,
            toolVersion: m.source.toolVersion,
            key: m.key,
            manifestKey: obj.key,
            sizeBytes: BigInt(m.storedBytes),
            rawBytes: BigInt(m.rawBytes),
            sha256: m.sha256,
            compression: m.compression.algorithm,
            encryptionProfileId: profile?.id ?? null,
            recipient: profile?.recipient ?? recipients[0] ?? null,
            manifest: JSON.stringify(m),
            // Lists and retention order backups by when they were made, not when they were found.
            createdAt: new Date(m.finishedAt),
          },
        });
        recorded.add(m.key);
        result.imported++;
      } catch (e) {
        result.skipped++;
        result.errors.push(`${obj.key}: ${message(e)}`);
      }
    }
  }, o.signal);

  if (result.imported > 0 || result.errors.length > 0) {
    await recordAudit({
      actor: o.actor ?? SYSTEM_ACTOR,
      action: "storage.rescan",
      resourceType: "destination",
      resourceId: row.id,
      outcome: result.errors.length ? "failure" : "success",
      details: { name: row.name, manifests: result.manifests, imported: result.imported, known: result.known, skipped: result.skipped, errors: result.errors.slice(0, 20) },
    });
  }
  return result;
};
