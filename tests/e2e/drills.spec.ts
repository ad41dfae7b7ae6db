import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { addAdapter, ensureAdmin, field, pgEnv, requireEnv, shot } from "./helpers";

test.describe.configure({ mode: "serial" });

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bunker-e2e-drills-"));
const db = `e2e_drill_${process.pid}`;
const tag = `${process.pid}`;
const psql = (sql: string, database = "postgres") =>
  execFileSync("psql", ["-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-d", database, "-c", sql], { env: pgEnv(), encoding: "utf8" }).trim();

/** Creates the job the form holds, runs it to Success from the jobs list, and opens its page. */
const createRunAndOpen = async (page: Page, name: string) => {
  await page.getByRole("button", { name: "Create job" }).click();
  await expect(page.getByTestId(`job-row-${name}`)).toBeVisible();
  await page.getByRole("button", { name: `Actions for ${name}` }).click();
  await page.getByRole("menuitem", { name: "Run now" }).click();
  await expect(page.getByTestId("run-status")).toHaveText("Success", { timeout: 90_000 });
  await page.goto("/jobs");
  await page.getByRole("link", { name, exact: true }).click();
};

test.beforeAll(() => {
  psql(`DROP DATABASE IF EXISTS ${db}`);
  psql(`CREATE DATABASE ${db}`);
  psql("CREATE TABLE orders (id int PRIMARY KEY, created_at timestamptz DEFAULT now()); INSERT INTO orders (id) SELECT g FROM generate_series(1, 5000) g; CREATE TABLE customers (id int); INSERT INTO customers SELECT generate_series(1, 40);", db);
});

test.afterAll(() => {
  psql(`DROP DATABASE IF EXISTS ${db}`);
  fs.rmSync(tmp, { recursive: true, force: true });
});

test("a job with drills after every backup: the job page shows the passed drill, counts, checks and objectives", async ({ page }) => {
  test.setTimeout(180_000);
  await ensureAdmin(page);
  await addAdapter(page, "sources", /PostgreSQL/, async () => {
    await page.getByLabel("Name").fill(`drill-pg-${tag}`);
    await field(page, "Host").fill(requireEnv("PGHOST"));
    await field(page, "Port").fill(requireEnv("PGPORT"));
    await field(page, "User").fill(requireEnv("PGUSER"));
    await field(page, "Password").fill(requireEnv("PGPASSWORD"));
  });
  await addAdapter(page, "destinations", /Local folder/, async () => {
    await page.getByLabel("Name").fill(`drill-local-${tag}`);
    await field(page, "Directory").fill(path.join(tmp, "local"));
  });

  await page.goto("/jobs/new");
  const name = `Drilled shop ${tag}`;
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Source", { exact: true }).selectOption({ label: `drill-pg-${tag}` });
  await page.getByLabel("Pick databases").check();
  await page.getByRole("button", { name: "Load databases" }).click();
  await page.getByLabel(db, { exact: true }).check();
  await page.getByLabel(`drill-local-${tag}`, { exact: true }).check();
  await page.getByLabel("Encryption profile", { exact: true }).selectOption("");

  await page.getByLabel("Run restore drills for this job").click();
  await page.getByLabel("Scratch target").selectOption({ label: `drill-pg-${tag} (PostgreSQL)` });
  await expect(page.getByLabel("After every backup")).toBeChecked();
  await page.getByRole("button", { name: "Add a check" }).click();
  await page.getByLabel("Name", { exact: true }).nth(1).fill("Recent orders");
  await page.getByLabel(/^Query/).fill("SELECT count(*) FROM orders WHERE created_at > now() - interval '1 day'");
  await page.getByLabel("Expectation").fill("> 0");
  await page.getByRole("button", { name: "Add a check" }).click();
  await page.getByLabel("Name", { exact: true }).nth(2).fill("Customers");
  await page.getByLabel(/^Query/).nth(1).fill("SELECT count(*) FROM customers");
  await page.getByLabel("Expectation").nth(1).fill("between 1 and 100");
  await page.locator("#drills").scrollIntoViewIfNeeded();
  await shot(page, "drills-01-form");
  await createRunAndOpen(page, name);
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("last-drill")).toContainText("passed", { timeout: 1_000 });
  }).toPass({ timeout: 90_000 });
  await expect(page.getByTestId("last-drill")).toHaveText(/Last drill: passed (now|.* ago), restored 5,040 rows in [\d.]+ s, 2\/2 checks passed/);
  await expect(page.getByTestId("job-objectives")).toContainText("RPO");
  await page.getByTestId("drill-history-item").first().locator("summary").click();
  await expect(page.getByTestId("drill-history-item").first()).toContainText("public.orders");
  await expect(page.getByTestId("drill-history-item").first()).toContainText("Recent orders");
  await shot(page, "drills-02-job-page");
  expect(psql("SELECT count(*) FROM pg_database WHERE datname LIKE 'bunker\\_drill\\_%'")).toBe("0");
});

test("SQLite: a refused check says why; a manual drill restores next to the scratch file and leaves nothing behind", async ({ page }) => {
  test.setTimeout(180_000);
  await ensureAdmin(page);
  const appDir = path.join(tmp, "app");
  const scratchDir = path.join(tmp, "scratch");
  fs.mkdirSync(appDir, { recursive: true });
  fs.mkdirSync(scratchDir, { recursive: true });
  const file = path.join(appDir, "shop.db");
  execFileSync("sqlite3", [file, "CREATE TABLE orders (id INTEGER PRIMARY KEY); WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 321) INSERT INTO orders SELECT x FROM c;"]);
  execFileSync("sqlite3", [path.join(scratchDir, "scratch.db"), "CREATE TABLE t (x int);"]);
  for (const [label, p] of [[`drill-sqlite-${tag}`, file], [`drill-scratch-${tag}`, path.join(scratchDir, "scratch.db")]] as const) {
    await addAdapter(page, "sources", /SQLite/, async () => {
      await page.getByLabel("Name").fill(label);
      await field(page, "Database file").fill(p);
    });
  }
  await addAdapter(page, "destinations", /Local folder/, async () => {
    await page.getByLabel("Name").fill(`drill-sqlite-local-${tag}`);
    await field(page, "Directory").fill(path.join(tmp, "sqlite-local"));
  });

  await page.goto("/jobs/new");
  const name = `Drilled SQLite ${tag}`;
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Source", { exact: true }).selectOption({ label: `drill-sqlite-${tag}` });
  await page.getByLabel(`drill-sqlite-local-${tag}`, { exact: true }).check();
  await page.getByLabel("Encryption profile", { exact: true }).selectOption("");
  await page.getByLabel("Run restore drills for this job").click();
  await page.getByLabel("Scratch target").selectOption({ label: `drill-scratch-${tag} (SQLite)` });
  await expect(page.getByText(/bunker_drill_<random>\.db in the same folder/)).toBeVisible();
  await page.getByLabel("Manual only").check();
  await page.getByRole("button", { name: "Add a check" }).click();
  await page.getByLabel("Name", { exact: true }).nth(1).fill("Orders");
  await page.getByLabel(/^Query/).fill("SELECT count(*) FROM orders; DELETE FROM orders");
  await page.getByLabel("Expectation").fill("= 321");
  await page.getByRole("button", { name: "Create job" }).click();
  await expect(page.getByTestId("drill-check").getByText(/A check is one query/)).toBeVisible();
  await expect(page.getByText(/^Not saved: A check is one query/)).toBeVisible();
  await page.locator("#drills").scrollIntoViewIfNeeded();
  await shot(page, "drills-03-refused-check");
  await page.getByLabel(/^Query/).fill("SELECT count(*) FROM orders");
  await createRunAndOpen(page, name);
  await expect(page.getByTestId("last-drill")).toHaveText("No drill yet.");
  await page.getByRole("button", { name: "Run drill now" }).click();
  await expect(page.getByTestId("run-status")).toHaveText("Success", { timeout: 90_000 });
  await page.goto("/jobs");
  await page.getByRole("link", { name, exact: true }).click();
  await expect(page.getByTestId("last-drill")).toHaveText(/Last drill: passed (now|.* ago), restored 321 rows in [\d.]+ s, 1\/1 checks passed/);
  await page.getByTestId("drill-history-item").first().locator("summary").click();
  await expect(page.getByTestId("drill-history-item").first()).toContainText("orders");
  await shot(page, "drills-04-sqlite-job-page");
  expect(fs.readdirSync(scratchDir)).toEqual(["scratch.db"]);
});
