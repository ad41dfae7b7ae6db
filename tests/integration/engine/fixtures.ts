/**
 * Shared set-up for the engine tests: real AdapterConfig rows (through the service), an encryption
 * profile with a fresh age key pair, Job rows, and helpers to wait for a run and read back what it
 * stored. Not a test file itself.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { DESTINATIONS } from "@/adapters/registry";
import type { DestinationAdapter, ObjectInfo } from "@/adapters/types";
import { generateAgeKeyPair } from "@/lib/crypto/age";
import { db } from "@/server/db";
import { seal } from "@/server/secrets";
import { SYSTEM_ACTOR } from "@/server/services/audit/audit-context";
import { openConfig, parseStored } from "@/server/services/adapters/config-codec";
import { createAdapterConfig } from "@/server/services/adapters/create-adapter-config";
import { slugify } from "@/server/services/jobs/jobs.schema";
import { clearJobData, resetDb } from "../helpers/db";
import { env, serviceAvailable, type ServiceName } from "../helpers/services";

export const unique = (): string => `${process.pid}${randomBytes(3).toString("hex")}`;

/** All of the named services are up (in CI a missing one throws, as describeWithService does). */
export const servicesAvailable = (...names: ServiceName[]): boolean => names.map((n) => serviceAvailable(n)).every(Boolean);

export const resetEngineDb = async (): Promise<void> => {
  await clearJobData();
  await resetDb();
};

// ─── adapter configs ─────────────────────────────────────────────────────────

export const pgConfig = () => ({ host: env("PGHOST"), port: Number(env("PGPORT")), user: env("PGUSER"), password: env("PGPASSWORD"), database: "postgres", sslMode: "disable" });
export const mysqlConfig = () => ({ host: env("MYSQL_HOST"), port: Number(env("MYSQL_PORT")), user: env("MYSQL_USER"), password: env("MYSQL_PASSWORD"), ssl: "disabled" });
export const redisConfig = () => ({ host: env("REDIS_HOST"), port: Number(env("REDIS_PORT")), password: env("REDIS_PASSWORD") });

export const hostKeyFingerprint = (): string => execFileSync("ssh-keygen", ["-lf", env("SSH_HOST_KEY")], { encoding: "utf8" }).split(" ")[1] ?? "";

export const sftpConfig = (dir: string, over: Record<string, unknown> = {}) => ({
  host: env("SSH_HOST"),
  port: Number(env("SSH_PORT")),
  username: env("SSH_USER"),
  privateKey: fs.readFileSync(env("SSH_KEY"), "utf8"),
  path: dir,
  hostKeyFingerprint: hostKeyFingerprint(),
  ...over,
});

export const s3ConfigFor = (srv: { endpoint: string; region: string; bucket: string; accessKeyId: string; secretAccessKey: string }, prefix = "") => ({
  endpoint: srv.endpoint,
  region: srv.region,
  bucket: srv.bucket,
  prefix,
  accessKeyId: srv.accessKeyId,
  secretAccessKey: srv.secretAccessKey,
  forcePathStyle: true,
});

export const makeSource = async (adapterId: string, config: Record<string, unknown>, name = `${adapterId}-${unique()}`) =>
  createAdapterConfig({ kind: "source", data: { adapterId, name, config }, actor: SYSTEM_ACTOR });

export const makeDestination = async (adapterId: string, config: Record<string, unknown>, name = `${adapterId}-${unique()}`) =>
  createAdapterConfig({ kind: "destination", data: { adapterId, name, config }, actor: SYSTEM_ACTOR });

/** An EncryptionProfile row; the identity is sealed as the app stores it and also written to a 0600 file for `age -d -i`. */
export const makeProfile = async (dir: string) => {
  const { identity, recipient } = await generateAgeKeyPair();
  const id = randomUUID();
  await db.encryptionProfile.create({ data: { id, name: `profile-${unique()}`, recipient, identity: seal(identity, `profile:${id}:identity`) } });
  const identityFile = path.join(dir, `identity-${id}.txt`);
  fs.writeFileSync(identityFile, `${identity}\n`, { mode: 0o600 });
  return { id, recipient, identity, identityFile };
};

export type JobSpec = {
  name?: string;
  sourceId: string;
  destinationIds: string[];
  databases: { mode: "all" } | { mode: "pick"; names: string[] };
  compression?: "zstd" | "gzip" | "none";
  compressionLevel?: number | null;
  encryptionProfileId?: string | null;
  timeoutSeconds?: number | null;
};

export const makeJob = async (spec: JobSpec) => {
  const name = spec.name ?? `Engine job ${unique()}`;
  return db.job.create({
    data: {
      name,
      slug: slugify(name),
      sourceId: spec.sourceId,
      databases: JSON.stringify(spec.databases),
      compression: spec.compression ?? "zstd",
      compressionLevel: spec.compressionLevel ?? null,
      encryptionProfileId: spec.encryptionProfileId ?? null,
      timeoutSeconds: spec.timeoutSeconds ?? null,
      destinations: { create: spec.destinationIds.map((destinationId, position) => ({ destinationId, position })) },
    },
  });
};

// ─── runs ────────────────────────────────────────────────────────────────────

const ACTIVE = ["Pending", "Running"];

/** Polls the Execution until it leaves Pending/Running; fails the test after `timeoutMs`. */
export const waitForRun = async (executionId: string, timeoutMs = 60_000) => {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const e = await db.execution.findUniqueOrThrow({ where: { id: executionId } });
    if (!ACTIVE.includes(e.status)) return e;
    if (Date.now() > until) throw new Error(`run ${executionId} still ${e.status} after ${timeoutMs} ms (step ${e.step ?? "-"})`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

export const runLogs = async (executionId: string) =>
  (await db.executionLog.findMany({ where: { executionId }, orderBy: { id: "asc" } })).map((l) => `${l.level} ${l.message}`);

export type RunMetadata = {
  databases: Array<{
    name: string;
    status: string;
    bytesRead: number;
    bytesStored: number;
    error?: string;
    destinations: Array<{ id: string; name: string; status: string; key?: string; error?: string }>;
  }>;
};

export const metadataOf = (e: { metadata: string | null }): RunMetadata => JSON.parse(e.metadata ?? "{}") as RunMetadata;

// ─── destinations ────────────────────────────────────────────────────────────

/** The adapter and plain config of a stored destination, as the engine sees it. */
export const openDestination = async (id: string) => {
  const row = await db.adapterConfig.findUniqueOrThrow({ where: { id } });
  const entry = DESTINATIONS[row.adapterId as keyof typeof DESTINATIONS];
  const config = entry.configSchema.parse(openConfig(row.id, entry.configSchema, parseStored(row.config)));
  const adapter = (await entry.load()) as DestinationAdapter<unknown>;
  const ctx = { tmpDir: os.tmpdir() };
  return {
    list: (prefix = ""): Promise<ObjectInfo[]> => adapter.list(config, prefix, ctx),
    read: (key: string): Promise<Readable> => adapter.read(config, key, ctx),
  };
};

export const readAll = async (s: Readable): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
};

export const sha256 = (b: Buffer): string => createHash("sha256").update(b).digest("hex");

/** Every file under a directory, relative (including .partial-… files a listing hides). */
export const filesUnder = (dir: string): string[] => {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)))
    .sort();
};

/** `age -d -i identity` then `zstd -d` / `gunzip` with the Debian CLIs; returns the plain dump file. */
export const decryptAndDecompress = (stored: string, identityFile: string, compression: "zstd" | "gzip" | "none", encrypted: boolean): string => {
  const out = `${stored}.plain`;
  const steps = [encrypted ? `age -d -i '${identityFile}' '${stored}'` : `cat '${stored}'`];
  if (compression === "zstd") steps.push("zstd -d -q -c");
  if (compression === "gzip") steps.push("gunzip -c");
  const r = spawnSync("bash", ["-c", `set -euo pipefail; ${steps.join(" | ")} > '${out}'`], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`decrypt/decompress of ${stored} failed (${r.status}): ${r.stderr}`);
  return out;
};
