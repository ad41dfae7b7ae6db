/**
 * Step 1: load the job's source and destinations and open their configs (secrets decrypted, in memory
 * only). Encryption needs only the profile's public recipient: the identity is never opened here.
 */
import { isAgeRecipient } from "@/lib/crypto/age";
import { isCompressionKind, resolveCompressionLevel } from "@/lib/compression/kinds";
import { zstdAvailable } from "@/lib/compression/zstd";
import { db } from "@/server/db";
import type { DestinationEntry, SourceEntry } from "@/adapters/types";
import { entryFor } from "../../adapters/adapter-kinds";
import { openConfig, parseStored } from "../../adapters/config-codec";
import { type OpenedDestination, type OpenedSource, type RunJob, errorMessage } from "../run-context";

export class RunSetupError extends Error {
  override readonly name = "RunSetupError";
}

type ConfigRow = { id: string; name: string; kind: string; adapterId: string; config: string };

const openPlain = (row: ConfigRow, entry: SourceEntry | DestinationEntry, what: string): unknown => {
  let plain: Record<string, unknown>;
  try {
    plain = openConfig(row.id, entry.configSchema, parseStored(row.config));
  } catch (e) {
    throw new RunSetupError(`could not open the settings of ${what} ${row.name} (were they encrypted with another ENCRYPTION_KEY?): ${errorMessage(e)}`);
  }
  const parsed = entry.configSchema.safeParse(plain);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    // The field name only: values may be secret.
    throw new RunSetupError(`the settings of ${what} ${row.name} are invalid (${first?.path.join(".") || "config"}: ${first?.message ?? "invalid"}); edit and save it again`);
  }
  return parsed.data;
};

export type OpenedRun = {
  job: RunJob;
  source: OpenedSource;
  destinations: OpenedDestination[];
  encryption: { profileId: string; recipient: string } | null;
  timeoutSeconds: number | null;
};

export const openRunAdapters = async (jobId: string): Promise<OpenedRun> => {
  const job = await db.job.findUnique({
    where: { id: jobId },
    include: {
      source: true,
      destinations: { include: { destination: true }, orderBy: [{ position: "asc" }, { destinationId: "asc" }] },
      encryptionProfile: { select: { id: true, name: true, recipient: true } },
    },
  });
  if (!job) throw new RunSetupError("the job no longer exists");

  if (!isCompressionKind(job.compression)) throw new RunSetupError(`unknown compression "${job.compression}" (use zstd, gzip or none)`);
  let level: number | null = null;
  if (job.compression !== "none") {
    try {
      level = resolveCompressionLevel(job.compression, job.compressionLevel);
    } catch (e) {
      throw new RunSetupError(errorMessage(e));
    }
  }
  if (job.compression === "zstd" && !(await zstdAvailable())) {
    throw new RunSetupError("zstd is not installed on this host: install the zstd package or switch the job to gzip");
  }

  if (job.source.kind !== "source") throw new RunSetupError(`${job.source.name} is not a source`);
  const sourceEntry = entryFor("source", job.source.adapterId) as SourceEntry;
  const source: OpenedSource = {
    id: job.source.id,
    name: job.source.name,
    adapterId: job.source.adapterId,
    engine: sourceEntry.engine,
    config: openPlain(job.source, sourceEntry, "source"),
    adapter: await sourceEntry.load(),
  };

  if (job.destinations.length === 0) throw new RunSetupError("the job has no destination");
  const destinations: OpenedDestination[] = [];
  for (const { destination: d } of job.destinations) {
    const entry = entryFor("destination", d.adapterId) as DestinationEntry;
    destinations.push({ id: d.id, name: d.name, adapterId: d.adapterId, config: openPlain(d, entry, "destination"), adapter: await entry.load() });
  }

  let encryption: OpenedRun["encryption"] = null;
  if (job.encryptionProfileId) {
    const p = job.encryptionProfile;
    if (!p) throw new RunSetupError("the job's encryption profile no longer exists");
    if (!isAgeRecipient(p.recipient)) throw new RunSetupError(`the encryption profile ${p.name} has no valid age1… public key`);
    encryption = { profileId: p.id, recipient: p.recipient };
  }

  return {
    job: {
      id: job.id,
      name: job.name,
      slug: job.slug,
      databases: job.databases,
      compression: job.compression,
      compressionLevel: level,
      encryptionProfileId: encryption?.profileId ?? null,
    },
    source,
    destinations,
    encryption,
    timeoutSeconds: job.timeoutSeconds,
  };
};
