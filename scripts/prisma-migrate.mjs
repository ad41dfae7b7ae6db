#!/usr/bin/env node
// Offline Prisma migrations for SQLite. The Prisma 7 CLI needs a native schema engine downloaded from
// Prisma's CDN at run time; this drives the npm-shipped wasm engine instead. Same migration folder layout
// and _prisma_migrations table as `prisma migrate`, so `prisma migrate deploy` can take over unchanged.
//   deploy          apply pending migrations
//   status          list applied and pending migrations (exit 1 if any is pending or failed)
//   dev <name>      deploy, then create and apply a migration from schema changes
//   diff            print SQL between migrations and schema (exit 2 if non-empty)
//   reset           delete the SQLite file, then deploy
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import Database from "better-sqlite3";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { databaseUrl, loadDotEnv, sqliteFile } from "./lib/app-paths.mjs";

loadDotEnv();
const require = createRequire(import.meta.url);
const SCHEMA = process.env.PRISMA_SCHEMA ?? "prisma/schema.prisma";
const MIGRATIONS = path.resolve(process.env.PRISMA_MIGRATIONS ?? "prisma/migrations");
const url = databaseUrl();
const file = sqliteFile(url);
const filters = { externalTables: [], externalEnums: [] };

async function loadEngine() {
  const bgPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const bg = await import(bgPath);
  const wasm = fs.readFileSync(path.join(path.dirname(bgPath), "schema_engine_bg.wasm"));
  const inst = new WebAssembly.Instance(new WebAssembly.Module(wasm), { "./schema_engine_bg.js": bg });
  bg.__wbg_set_wasm(inst.exports);
  inst.exports.__wbindgen_start();
  return bg.SchemaEngine;
}

// The engine sends whole multi-statement migration scripts through executeRaw, which
// better-sqlite3's prepare() rejects ("contains more than one statement"): route them to exec().
function multiStatementSafe(adapter) {
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (q) => {
    if (q.args.length === 0 && /;\s*\S/.test(q.sql.replace(/--[^\n]*/g, ""))) {
      await adapter.executeScript(q.sql);
      return 0;
    }
    return executeRaw(q);
  };
  return adapter;
}

function migrationDirs() {
  fs.mkdirSync(MIGRATIONS, { recursive: true });
  return fs.readdirSync(MIGRATIONS, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
}

function migrationsList() {
  const lock = path.join(MIGRATIONS, "migration_lock.toml");
  return {
    baseDir: MIGRATIONS,
    lockfile: { path: "migration_lock.toml", content: fs.existsSync(lock) ? fs.readFileSync(lock, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: migrationDirs().map((d) => {
      const f = path.join(MIGRATIONS, d, "migration.sql");
      return {
        path: d,
        migrationFile: {
          path: "migration.sql",
          content: fs.existsSync(f) ? { tag: "ok", value: fs.readFileSync(f, "utf8") } : { tag: "error", value: `missing ${f}` },
        },
      };
    }),
  };
}

// Read-only: needs no engine, so it is cheap enough for health checks and the start script.
function status() {
  const dirs = migrationDirs();
  let rows = [];
  if (fs.existsSync(file)) {
    const db = new Database(file, { readonly: true });
    try {
      const has = db.prepare("SELECT name FROM sqlite_master WHERE type='table' AND name='_prisma_migrations'").get();
      if (has) rows = db.prepare("SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations").all();
    } finally {
      db.close();
    }
  }
  const done = new Set(rows.filter((r) => r.finished_at && !r.rolled_back_at).map((r) => r.migration_name));
  const failed = rows.filter((r) => !r.finished_at && !r.rolled_back_at).map((r) => r.migration_name);
  const pending = dirs.filter((d) => !done.has(d));
  console.log(`database: ${file}${fs.existsSync(file) ? "" : " (not created yet)"}`);
  console.log(`${dirs.length} migration(s) found, ${done.size} applied, ${pending.length} pending`);
  for (const d of pending) console.log(`  pending: ${d}`);
  for (const d of failed) console.log(`  FAILED:  ${d}`);
  if (!pending.length && !failed.length) console.log("database schema is up to date");
  process.exitCode = pending.length || failed.length ? 1 : 0;
}

async function main() {
  const [cmd, name] = process.argv.slice(2);
  if (cmd === "status") return status();
  if (!["deploy", "dev", "diff", "reset"].includes(cmd)) {
    console.error("usage: prisma-migrate.mjs deploy | status | dev <name> | diff | reset");
    process.exitCode = 2;
    return;
  }
  if (cmd === "reset") {
    for (const f of [file, `${file}-journal`, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    console.log(`deleted ${file}`);
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const schemaText = fs.readFileSync(SCHEMA, "utf8");
  const schema = { files: [{ path: SCHEMA, content: schemaText }] };
  const SchemaEngine = await loadEngine();
  const f = new PrismaBetterSqlite3({ url: `file:${file}` });
  const factory = bindMigrationAwareSqlAdapterFactory({
    provider: f.provider,
    adapterName: f.adapterName,
    connect: async () => multiStatementSafe(await f.connect()),
    connectToShadowDb: async () => multiStatementSafe(await f.connectToShadowDb()),
  });
  const engine = await SchemaEngine.new({ datamodels: [[SCHEMA, schemaText]] }, (m) => process.env.DEBUG && console.error(m), factory);
  try {
    // Always apply first: it also creates _prisma_migrations, whose absence the wasm engine reports as P1014.
    const applied = await engine.applyMigrations({ migrationsList: migrationsList(), filters });
    if (applied.appliedMigrationNames.length) console.log("applied:", applied.appliedMigrationNames.join(", "));
    if (cmd === "deploy" || cmd === "reset") {
      if (!applied.appliedMigrationNames.length) console.log("no pending migrations");
    } else if (cmd === "diff") {
      const r = await engine.diff({ from: { tag: "migrations", ...migrationsList() }, to: { tag: "schemaDatamodel", ...schema }, script: true, exitCode: true, filters });
      process.stdout.write(r.stdout ?? "");
      process.exitCode = r.exitCode;
    } else {
      const diag = await engine.devDiagnostic({ migrationsList: migrationsList(), filters });
      if (diag.action?.tag === "reset") throw new Error(`database drifted from migrations (${diag.action.reason}); run: reset`);
      const loss = await engine.evaluateDataLoss({ migrationsList: migrationsList(), schema, filters });
      for (const w of [...(loss.warnings ?? []), ...(loss.unexecutableSteps ?? [])]) console.warn("warning:", w.message);
      const r = await engine.createMigration({ draft: false, migrationName: name ?? "migration", migrationsList: migrationsList(), schema, filters });
      if (!r.migrationScript) return console.log("schema unchanged: no migration created");
      // Own timestamp: the engine once returned the same one for two migrations, which then sorted wrongly.
      const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
      const dir = path.join(MIGRATIONS, `${stamp}_${(name ?? "migration").replace(/\W+/g, "_")}`);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, "migration.sql"), r.migrationScript);
      const lock = path.join(MIGRATIONS, "migration_lock.toml");
      if (!fs.existsSync(lock)) fs.writeFileSync(lock, `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${r.connectorType}"\n`);
      const again = await engine.applyMigrations({ migrationsList: migrationsList(), filters });
      console.log(`created and applied ${path.relative(process.cwd(), dir)} (${again.appliedMigrationNames.length} applied)`);
    }
  } finally {
    engine.free?.();
  }
}

// Exit explicitly: the wasm engine leaves a ~60 s timer behind after shadow-database work.
main().then(() => process.exit(process.exitCode ?? 0), (e) => {
  console.error("prisma-migrate failed:", e?.code ? `${e.code}: ` : "", e?.message ?? e);
  process.exit(1);
});
