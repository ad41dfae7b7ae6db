import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { addAdapter, ensureAdmin, field, pgEnv, requireEnv, shot } from "./helpers";

test.describe.configure({ mode: "serial" });

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bunker-e2e-storage-"));
const localDir = path.join(tmp, "backups");
const db = `e2e_storage_${process.pid}`;
const names = { source: `storage-pg-${process.pid}`, dest: `storage-local-${process.pid}`, job: `Storage ${process.pid}` };
const psql = (sql: string, database = "postgres") =>
  execFileSync("psql", ["-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-d", database, "-c", sql], { env: pgEnv(), encoding: "utf8" }).trim();

const find = (dir: string): string[] =>
  fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? find(path.join(dir, e.name)) : [path.join(dir, e.name)])) : [];

test.beforeAll(() => {
  psql(`DROP DATABASE IF EXISTS ${db}`);
  psql(`CREATE DATABASE ${db}`);
  psql("CREATE TABLE items (id serial PRIMARY KEY, name text); INSERT INTO items (name) SELECT 'item ' || i FROM generate_series(1, 5000) i;", db);
});

test.afterAll(() => {
  psql(`DROP DATABASE IF EXISTS ${db}`);
  fs.rmSync(tmp, { recursive: true, force: true });
});

test("a real backup, then in /storage: verify, lock (delete refused), unlock, download", async ({ page }) => {
  await ensureAdmin(page);
  await addAdapter(page, "sources", /PostgreSQL/, async () => {
    await page.getByLabel("Name").fill(names.source);
    await field(page, "Host").fill(requireEnv("PGHOST"));
    await field(page, "Port").fill(requireEnv("PGPORT"));
    await field(page, "User").fill(requireEnv("PGUSER"));
    await field(page, "Password").fill(requireEnv("PGPASSWORD"));
  });
  await addAdapter(page, "destinations", /Local folder/, async () => {
    await page.getByLabel("Name").fill(names.dest);
    await field(page, "Directory").fill(localDir);
  });

  await page.goto("/jobs/new");
  await page.getByLabel("Name", { exact: true }).fill(names.job);
  await page.getByLabel("Source", { exact: true }).selectOption({ label: names.source });
  await page.getByLabel("Pick databases").check();
  await page.getByRole("button", { name: "Load databases" }).click();
  await page.getByLabel(db, { exact: true }).check();
  await page.getByLabel(names.dest, { exact: true }).check();
  // Earlier specs may have created encryption profiles (the form then picks one): this backup stays plain.
  await page.getByLabel("Encryption profile").selectOption({ label: "No encryption" });
  await page.getByRole("button", { name: "Create job" }).click();
  await expect(page.getByTestId(`job-row-${names.job}`)).toBeVisible();
  await page.getByRole("button", { name: `Actions for ${names.job}` }).click();
  await page.getByRole("menuitem", { name: "Run now" }).click();
  await expect(page).toHaveURL(/\/history\/[\w-]+$/);
  await expect(page.getByTestId("run-status")).toHaveText("Success", { timeout: 90_000 });
  await expect(page.getByTestId("run-log")).toContainText(/verified .*read back/);

  // The sidebar leads to the explorer; filters live in the URL.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Storage" }).click();
  await expect(page).toHaveURL(/\/storage$/);
  await page.getByLabel("Database").fill(db);
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(new RegExp(`database=${db}`));
  const row = page.getByTestId("backup-row").filter({ hasText: db });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(names.dest);
  await expect(row).toContainText("PostgreSQL");
  await expect(row).toContainText("zstd");
  const artifact = find(localDir).find((f) => f.endsWith(".dump.zst")) as string;
  expect(artifact, "the stored backup").toBeTruthy();
  const actions = row.getByTestId("backup-actions");

  await actions.click();
  await page.getByRole("menuitem", { name: "Verify" }).click();
  await expect(page.getByText(/^Verified .*: sha256, size and decompression are fine/)).toBeVisible();
  await expect(row.getByTestId("verify-state")).toHaveText("Verified");

  await actions.click();
  await page.getByRole("menuitem", { name: "Lock" }).click();
  await expect(row.getByTestId("locked-badge")).toBeVisible();
  await actions.click();
  await page.getByRole("menuitem", { name: "Delete…" }).click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toContainText("It is locked");
  await dialog.getByRole("button", { name: "Delete backup" }).click();
  await expect(dialog.getByTestId("form-error")).toContainText("unlock it first");
  await shot(page, "60-storage-delete-refused");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  expect(fs.existsSync(artifact)).toBe(true);

  await actions.click();
  await page.getByRole("menuitem", { name: "Unlock" }).click();
  await expect(row.getByTestId("locked-badge")).toHaveCount(0);

  await actions.click();
  const downloading = page.waitForEvent("download");
  await page.getByRole("menuitem", { name: /As stored/ }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(path.basename(artifact));
  const saved = path.join(tmp, "downloaded.bin");
  await download.saveAs(saved);
  expect(fs.statSync(saved).size).toBe(fs.statSync(artifact).size);
  expect(fs.readFileSync(saved).equals(fs.readFileSync(artifact))).toBe(true);

  await actions.click();
  await expect(page.getByRole("menuitem", { name: "Restore…" })).toHaveAttribute("href", /\/storage\/[\w-]+\/restore$/);
  await page.keyboard.press("Escape");
  await page.goto("/storage");
  await shot(page, "61-storage");
});

test("unrecognised files are listed apart; the verification task is on /tasks", async ({ page }) => {
  await ensureAdmin(page);
  const stray = path.join(localDir, "notes", "readme.txt");
  fs.mkdirSync(path.dirname(stray), { recursive: true });
  fs.writeFileSync(stray, "not a backup");
  await page.goto("/storage");
  await page.getByTestId("tab-files").click();
  await expect(page).toHaveURL(/view=files/);
  const card = page.getByTestId(`unrecognised-${names.dest}`);
  await expect(card.getByTestId("unrecognised-file")).toHaveCount(1);
  await expect(card).toContainText("notes/readme.txt");
  await expect(card).toContainText("Not Bunker's");
  await shot(page, "62-storage-unrecognised");

  await page.goto("/tasks");
  await expect(page.getByTestId("system-task-verify-backups")).toBeVisible();
  await expect(page.getByTestId("system-task-verify-backups")).toContainText("Backup verification");
});
