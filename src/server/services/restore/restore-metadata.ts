/**
 * What a Restore Execution records in its metadata: the parameters (nothing secret) and, once it
 * succeeded, a summary of the restored database. Parsed defensively where it is read back.
 */
import type { RestoreInspection } from "@/adapters/types";

export type RestoreParams = {
  backupId: string;
  key: string;
  engine: string;
  /** The backed-up database */
  backupDatabase: string;
  backupServerVersion: string | null;
  jobName: string | null;
  destinationId: string;
  destinationName: string;
  targetSourceId: string;
  targetSourceName: string;
  /** The database restored into */
  database: string;
  overwrite: boolean;
  /** Privileged credentials were given for this restore (which ones is never recorded) */
  privilegedLogin: boolean;
};

export type RestoreMetadata = RestoreParams & {
  targetServerVersion?: string | null;
  verified?: { storedBytes: number; sha256: string } | null;
  summary?: RestoreInspection | null;
  summaryError?: string | null;
  checks?: { label: string; status: string; message: string }[];
};

export const restoreMetadataJson = (m: RestoreMetadata): string => JSON.stringify({ restore: m });
