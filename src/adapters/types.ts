/**
 * Contracts every adapter implements. Adapters are framework-free: they never touch Prisma, never read
 * process.env, and receive configs with secrets already decrypted. Secrets travel to tools through env
 * vars or 0600 files, never argv.
 */
import type { Readable, Writable } from "node:stream";
import type { z } from "zod";

export type AdapterKind = "source" | "destination";
export type Engine = "postgres" | "mysql" | "sqlite" | "redis";

/**
 * UI and docs metadata for one config field, attached with zod `.meta()`. The form, the validation, the
 * secret handling and the docs table all come from the config schema.
 */
export type FieldMeta = {
  title: string;
  description?: string;
  /** Encrypted at rest, never returned to the UI or API, kept when an edit leaves it empty */
  secret?: boolean;
  placeholder?: string;
  /** Render as a textarea (private keys) */
  multiline?: boolean;
  /** Shown under "Advanced" */
  advanced?: boolean;
};

export type ConnectionTest =
  | {
      ok: true;
      latencyMs: number;
      /** e.g. "PostgreSQL 15.18", "MariaDB 10.11.19", "Redis 7.0.15", "SQLite 3.40.1" */
      serverVersion?: string;
      /** One line for the user: "3 databases", "bucket backups (eu-west-1)", "SFTP /srv/backups" */
      details?: string;
      /** Facts the service stores on the AdapterConfig (e.g. a first-seen SSH host key to pin) */
      metadata?: Record<string, unknown>;
    }
  | { ok: false; latencyMs: number; error: string };

export type AdapterContext = {
  signal?: AbortSignal;
  /** A private directory for 0600 option files; removed by the caller */
  tmpDir: string;
  log?: (level: "info" | "warn" | "error", message: string) => void;
};

/** A running dump: raw bytes on `stream`; `done` settles when the tool has exited. */
export type DumpHandle = {
  stream: Readable;
  /** Resolves when the dump completed; rejects with AdapterError (stderr tail in the message) otherwise */
  done: Promise<{ toolVersion?: string; serverVersion?: string }>;
  /** Kills the tool's process group; `done` then rejects with code "CANCELLED" */
  cancel: () => void;
};

export type RestoreOptions = {
  database: string;
  input: Readable;
  /** Create the database first (the default target is a new name) */
  createDatabase: boolean;
  /** Replace an existing database: only after an explicit confirmation upstream */
  overwrite?: boolean;
};

/** What a restore target looks like before anything is written (for the restore preflight). */
export type RestorePreflight = {
  /** Display form, e.g. "PostgreSQL 15.18", "MariaDB 10.11.19", "Redis 7.0.15", "SQLite 3.40.1" */
  serverVersion: string;
  /** The target database (Redis: a non-empty db index; SQLite: the file) already exists */
  exists: boolean;
  /** The connecting user may create the database */
  canCreate: boolean;
  /** The connecting user may replace the existing database's contents */
  canOverwrite: boolean;
  /** One line for the user about the target, e.g. "db3 holds 12 keys", "/srv/app/x.db" */
  details?: string;
  /** Anything else that would make the restore fail, written for people */
  problems: string[];
};

/** A short look at a restored database, so people see what arrived. */
export type RestoreInspection = {
  /** Tables with exact row counts (at most a few hundred, largest schemas cut) */
  tables?: { name: string; rows: number }[];
  /** More tables exist than listed */
  truncated?: boolean;
  /** Redis: keys in the database */
  keys?: number;
};

/** A login for one restore only (never stored): replaces the source's own user and password. */
export type RestoreCredentials = { username: string; password?: string };

export interface SourceAdapter<C> {
  readonly engine: Engine;
  /** File extension of the raw dump, without compression or encryption: "dump", "sql", "rdbx" */
  readonly dumpExtension: string;
  test(config: C, ctx: AdapterContext): Promise<ConnectionTest>;
  serverVersion(config: C, ctx: AdapterContext): Promise<string>;
  listDatabases(config: C, ctx: AdapterContext): Promise<string[]>;
  dump(config: C, database: string, ctx: AdapterContext): Promise<DumpHandle>;
  restore(config: C, options: RestoreOptions, ctx: AdapterContext): Promise<void>;
  /** Read-only checks of a restore target: version, existence, rights. Optional. */
  restorePreflight?(config: C, target: { database: string }, ctx: AdapterContext): Promise<RestorePreflight>;
  /** Row counts (or key count) of a database, shown after a restore. Optional. */
  inspect?(config: C, database: string, ctx: AdapterContext): Promise<RestoreInspection>;
  /** The config with another login (privileged credentials for one restore). Optional: no login, no override. */
  withCredentials?(config: C, credentials: RestoreCredentials): C;
  /**
   * The database a restore drill should restore into on this scratch target, given the random name Bunker
   * picked (`bunker_drill_<12 hex>`). Optional: without it the name is used as is. Redis has no named
   * databases and answers with an empty db index instead (e.g. "db15"), never one of `avoid` (the indexes
   * other drills of this Bunker hold right now: empty until their restore writes).
   */
  scratchDatabase?(config: C, suggested: string, ctx: AdapterContext, avoid?: readonly string[]): Promise<string>;
  /** Drops a database if it exists (restore drills remove their scratch database). Optional. */
  dropDatabase?(config: C, database: string, ctx: AdapterContext): Promise<void>;
  /**
   * Runs one read-only query in a database and returns the first column of the first row as text
   * (null: no row, or SQL NULL). For restore drills' checks. Optional.
   */
  queryValue?(config: C, database: string, sql: string, ctx: AdapterContext): Promise<string | null>;
}

export type ObjectInfo = { key: string; size: number; modifiedAt: Date };

/** Bytes written to `stream` become visible under the key only after `commit()`; `abort()` leaves nothing. */
export type ArtifactWriter = {
  stream: Writable;
  commit: () => Promise<{ size: number }>;
  abort: (reason?: unknown) => Promise<void>;
};

export interface DestinationAdapter<C> {
  /** Writes, reads back and deletes a probe object; never leaves a file behind */
  test(config: C, ctx: AdapterContext): Promise<ConnectionTest>;
  openWriter(config: C, key: string, ctx: AdapterContext): Promise<ArtifactWriter>;
  /** Every committed object under the prefix, recursively ("" lists everything) */
  list(config: C, prefix: string, ctx: AdapterContext): Promise<ObjectInfo[]>;
  read(config: C, key: string, ctx: AdapterContext): Promise<Readable>;
  stat(config: C, key: string, ctx: AdapterContext): Promise<ObjectInfo | null>;
  delete(config: C, key: string, ctx: AdapterContext): Promise<void>;
  /**
   * Removes Bunker's own in-progress artifacts left behind by a crash (`*.partial-<hex>` files,
   * unfinished multipart uploads) older than a minute. Optional: destinations without such artifacts omit it.
   * `unsupported` says why nothing could be checked (e.g. a server without the needed API).
   */
  cleanupPartials?(config: C, ctx: AdapterContext): Promise<{ removed: number; unsupported?: string }>;
}

export type SourceEntry<S extends z.ZodType = z.ZodType> = {
  kind: "source";
  label: string;
  description: string;
  engine: Engine;
  configSchema: S;
  load: () => Promise<SourceAdapter<z.output<S>>>;
};

export type DestinationEntry<S extends z.ZodType = z.ZodType> = {
  kind: "destination";
  label: string;
  description: string;
  configSchema: S;
  load: () => Promise<DestinationAdapter<z.output<S>>>;
};
