/**
 * What the PostgreSQL benches share: a private Bunker data dir (set up on import, before anything from
 * @/server loads and reads the environment), the test services' PostgreSQL, and a table grown to a size.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const need = (k: string) => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is not set: start the services first (eval "$(scripts/services/up.sh)")`);
  return v;
};

export const work = fs.mkdtempSync(path.join(os.tmpdir(), "bunker-bench-"));
process.env.DATA_DIR = path.join(work, "app");
process.env.DATABASE_URL = `file:${path.join(work, "app", "bunker.db")}`;
process.env.LOG_LEVEL = "error";
fs.mkdirSync(process.env.DATA_DIR, { recursive: true });

export const pgEnv = { ...process.env, PGHOST: need("PGHOST"), PGPORT: need("PGPORT"), PGUSER: need("PGUSER"), PGPASSWORD: need("PGPASSWORD") };

export const psql = (sql: string, database = "postgres") =>
  execFileSync("psql", ["-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-d", database, "-c", sql], { env: pgEnv, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();

export const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

/** The benches' table: an `events` table like an application's, grown with growEventsTo. */
export const EVENTS_TABLE = "CREATE TABLE events (id bigserial PRIMARY KEY, kind text, payload text, amount numeric(10,2), at timestamptz DEFAULT now())";

/** Grows `events` until pg_total_relation_size reaches the target (random hex text: realistic compressibility). */
export const growEventsTo = (database: string, targetMb: number): number => {
  const size = () => Number(psql("SELECT pg_total_relation_size('events')", database));
  while (size() < targetMb * 1024 * 1024) {
    psql(
      `INSERT INTO events (kind, payload, amount) SELECT (ARRAY['order','refund','login','view'])[1 + (random()*3)::int],
         md5(random()::text) || ' ' || md5(random()::text) || ' ' || repeat(md5(random()::text), 3), (random()*1000)::numeric(10,2)
       FROM generate_series(1, 200000)`,
      database,
    );
  }
  return size();
};

/**
 * The Bunker side of a bench, once the environment above is set: a migrated, seeded app database, a fresh
 * `database` with the events table, a PostgreSQL source for it and an age encryption profile.
 */
export const openBenchApp = async (database: string) => {
  execFileSync("node", ["scripts/prisma-migrate.mjs", "deploy"], { env: process.env, stdio: "ignore" });
  const { db } = await import("@/server/db");
  const { seedDefaults } = await import("@/server/services/seed/seed-defaults");
  const { createAdapterConfig } = await import("@/server/services/adapters/create-adapter-config");
  const { generateAgeKeyPair } = await import("@/lib/crypto/age");
  const { seal } = await import("@/server/secrets");
  const { SYSTEM_ACTOR } = await import("@/server/services/audit/audit-context");
  await seedDefaults();

  psql(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  psql(`CREATE DATABASE ${database}`);
  psql(EVENTS_TABLE, database);

  const source = await createAdapterConfig({
    kind: "source",
    data: { adapterId: "postgres", name: "bench-pg", config: { host: pgEnv.PGHOST, port: Number(pgEnv.PGPORT), user: pgEnv.PGUSER, password: pgEnv.PGPASSWORD, sslMode: "disable" } },
    actor: SYSTEM_ACTOR,
  });
  const localDestination = (name: string, dir: string) => createAdapterConfig({ kind: "destination", data: { adapterId: "local", name, config: { path: dir } }, actor: SYSTEM_ACTOR });
  const keys = await generateAgeKeyPair();
  const profileId = `bench-${process.pid}`;
  await db.encryptionProfile.create({ data: { id: profileId, name: "bench", recipient: keys.recipient, identity: seal(keys.identity, `profile:${profileId}:identity`) } });
  return { db, source, profileId, localDestination, SYSTEM_ACTOR };
};
