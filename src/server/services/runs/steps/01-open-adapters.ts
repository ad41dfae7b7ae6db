/**
 * Step 1: load the job's source and destinations and open their configs (secrets decrypted, in memory
 * only). Encryption needs only the profile's public recipient: the identity is never opened here.
 */
import { isAgeRecipient } from "@/lib/crypto/age";
import { isCompressionKind, resolveCompressionLevel } from "@/lib/compression/kinds";
import { zstdAvailable } from "@/lib/compression/zstd";
import { db } from "@/server/db";
import { AdapterOpenError, openDestination, openSource } from "../../adapters/open-adapter";
import { type OpenedDestination, type OpenedSource, type RunJob, errorMessage } from "../run-context";

export class RunSetupError extends Error {
  override readonly name = "RunSetupError";
}

/** Opening failures become setup errors of the run (their messages are already written for people). */
const asSetupError = async <T>(open: () => Promise<T>): Promise<T> => {
  try {
    return await open();
  } catch (e) {
    if (e instanceof AdapterOpenError) throw new RunSetupError(e.message);
    throw e;
  }
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

  const source = await asSetupError(() => openSource(job.source));
  if (job.destinations.length === 0) throw new RunSetupError("the job has no destination");
  const destinations: OpenedDestination[] = [];
  for (const { destination: d } of job.destinations) destinations.push(await asSetupError(() => openDestination(d)));

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
