import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bunker-mig-"));
const env = { ...process.env, DATA_DIR: dir, DATABASE_URL: `file:${path.join(dir, "fresh.db")}` };
const migrate = (cmd: string) => spawnSync("node", ["scripts/prisma-migrate.mjs", cmd], { env, encoding: "utf8" });

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("offline migrations on a fresh SQLite file", () => {
  it("status reports pending migrations before deploy and exits 1", () => {
    const r = migrate("status");
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/not created yet/);
    expect(r.stdout).toMatch(/pending: \d{14}_init/);
  });

  it("deploy creates every table of the data model, and a second deploy is a no-op", () => {
    execFileSync("node", ["scripts/prisma-migrate.mjs", "deploy"], { env });
    const db = new Database(path.join(dir, "fresh.db"), { readonly: true });
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type='table'").all().map((r) => (r as { name: string }).name);
    db.close();
    for (const t of ["user", "session", "account", "verification", "twoFactor", "passkey", "ssoProvider", "apikey", "Group", "SystemSetting", "AuditLog",
      "AdapterConfig", "HealthCheckLog", "EncryptionProfile", "Job", "JobDestination", "JobNotifier", "Execution", "ExecutionLog", "Backup",
      "DrillResult", "NotificationLog", "_prisma_migrations"]) {
      expect(tables, `table ${t}`).toContain(t);
    }
    expect(migrate("deploy").stdout).toMatch(/no pending migrations/);
  });

  it("status is clean after deploy", () => {
    const r = migrate("status");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/up to date/);
  });

  it("the schema and the committed migrations agree (no migration is missing)", () => {
    const r = migrate("diff");
    expect(r.stdout.trim()).toBe("-- This is an empty migration.");
    expect(r.status).toBe(0);
  });
});
