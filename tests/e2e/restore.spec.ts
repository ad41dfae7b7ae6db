/**
 * A restore as a user does it: a PostgreSQL source, a local destination and a job made in the browser,
 * Run now, then Storage → the backup's Restore… → keep the new name → Check → Start, watch the run page
 * reach Success with the restored row counts, and confirm with psql that the new database has the rows.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { addAdapter, ensureAdmin, field, pgEnv, requireEnv, shot } from "./helpers";

const tag = randomBytes(3).toString("hex");
const db = `e2e_restore_${tag}`;
const localDir = fs.mkdtempSync(path.join(os.tmpdir(), "bk-e2e-restore-"));
const psql = (sql: string, database = "postgres") =>
  execFileSync("psql", ["-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-d", database, "-c", sql], { encoding: "utf8", env: pgEnv() }).trim();
let restored = "";

test.describe.configure({ mode: "serial" });

test.beforeAll(() => {
  psql(`DROP DATABASE IF EXISTS ${db}`);
  psql(`CREATE DATABASE ${db}`);
  psql("CREATE TABLE orders (id int PRIMARY KEY, total int); INSERT INTO orders SELECT g, g * 3 FROM generate_series(1, 1234) g; CREATE TABLE notes (n text); INSERT INTO notes VALUES ('a'), ('b');", db);
});

test.afterAll(() => {
  psql(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  if (restored) psql(`DROP DATABASE IF EXISTS "${restored}" WITH (FORCE)`);
  fs.rmSync(localDir, { recursive: true, force: true });
});

test("back up, then restore into a new database from the Storage page and see the rows", async ({ page }) => {
  await ensureAdmin(page);
  await addAdapter(page, "sources", /PostgreSQL/, async () => {
    await page.getByLabel("Name").fill(`restore-pg-${tag}`);
    await field(page, "Host").fill(requireEnv("PGHOST"));
    await field(page, "Port").fill(requireEnv("PGPORT"));
    await field(page, "User").fill(requireEnv("PGUSER"));
    await field(page, "Password").fill(requireEnv("PGPASSWORD"));
  });
  await addAdapter(page, "destinations", /Local folder/, async () => {
    await page.getByLabel("Name").fill(`restore-local-${tag}`);
    await field(page, "Directory").fill(localDir);
  });

  await page.goto("/jobs/new");
  await page.getByLabel("Name", { exact: true }).fill(`Restore me ${tag}`);
  await page.getByLabel("Source", { exact: true }).selectOption({ label: `restore-pg-${tag}` });
  await page.getByLabel("Pick databases").check();
  await page.getByRole("button", { name: "Load databases" }).click();
  await page.getByLabel(db, { exact: true }).check();
  await page.getByLabel(`restore-local-${tag}`, { exact: true }).check();
  await page.getByRole("button", { name: "Create job" }).click();
  await expect(page.getByTestId(`job-row-Restore me ${tag}`)).toBeVisible();
  await page.getByRole("button", { name: `Actions for Restore me ${tag}` }).click();
  await page.getByRole("menuitem", { name: "Run now" }).click();
  await expect(page).toHaveURL(/\/history\/[\w-]+$/);
  await expect(page.getByTestId("run-status")).toHaveText("Success", { timeout: 90_000 });

  await page.goto("/storage");
  const row = page.getByTestId("backup-row").filter({ hasText: db }).first();
  await expect(row).toBeVisible();
  await row.getByTestId("backup-actions").click();
  await page.getByRole("menuitem", { name: /Restore/ }).click();
  await expect(page).toHaveURL(/\/storage\/[\w-]+\/restore$/);
  await expect(page.getByTestId("restore-backup")).toContainText(db);

  const name = page.getByLabel("Database name");
  restored = await name.inputValue();
  expect(restored).toMatch(new RegExp(`^${db}_restored_\\d{8}_\\d{4}$`));
  await page.getByTestId("restore-check-button").click();
  await expect(page.getByTestId("restore-checklist")).toHaveAttribute("data-ok", "true");
  await expect(page.getByTestId("restore-checklist")).toContainText("will be created");
  await shot(page, "70-restore-wizard");

  await page.getByTestId("restore-start").click();
  await expect(page).toHaveURL(/\/history\/[\w-]+$/);
  await expect(page.getByTestId("run-status")).toHaveText("Success", { timeout: 90_000 });
  await expect(page.getByTestId("restore-target-db")).toHaveText(restored);
  const summary = page.getByTestId("restore-summary");
  await expect(summary).toContainText("2 tables, 1,236 rows");
  await expect(summary.getByTestId("restore-summary-row").filter({ hasText: "public.orders" })).toContainText("1,234");
  await expect(page.getByTestId("run-log")).toContainText("sha256 matches");
  await shot(page, "71-restore-run");

  expect(psql("SELECT count(*) || ':' || sum(total) FROM orders", restored)).toBe(psql("SELECT count(*) || ':' || sum(total) FROM orders", db));

  await page.goto("/history?type=Restore");
  await expect(page.getByTestId("history-type-restore").first()).toBeVisible();
  await shot(page, "72-history-restores");
});
