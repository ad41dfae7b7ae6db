/** What every step of a backup run shares. Built once per run by steps/01-open-adapters.ts. */
import type { OpenedDestination, OpenedSource } from "../adapters/open-adapter";
import type { CompressionKind } from "@/lib/compression/kinds";
import type { RunLogger } from "./append-run-log";
import type { RunProgress } from "./run-progress";

export type { OpenedDestination, OpenedSource };

export type RunJob = {
  id: string;
  name: string;
  slug: string;
  databases: string;
  compression: CompressionKind;
  /** The resolved level (null for "none") */
  compressionLevel: number | null;
  encryptionProfileId: string | null;
};

export type RunContext = {
  executionId: string;
  job: RunJob;
  source: OpenedSource;
  /** In the job's order (JobDestination.position) */
  destinations: OpenedDestination[];
  /** The encryption profile's public age1… recipient, or null when the job does not encrypt */
  encryption: { profileId: string; recipient: string } | null;
  signal: AbortSignal;
  log: RunLogger;
  progress: RunProgress;
  /** Keys handed out in this run (two database names can sanitise to the same key part) */
  usedKeys: Set<string>;
};

/** "nas (s3)" */
export const describeDestination = (d: Pick<OpenedDestination, "name" | "adapterId">): string => `${d.name} (${d.adapterId})`;

/** A message for people from anything thrown; adapters' and app errors are already written for them. */
export const errorMessage = (e: unknown): string => {
  if (e instanceof Error) return e.message || e.name;
  return String(e);
};
