import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { addAdapter, ensureAdmin, field, requireEnv, shot } from "./helpers";

test.describe.configure({ mode: "serial" });

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bunker-e2e-jobs-"));
const localDir = path.join(tmp, "local-backups");
const sftpDir = `/tmp/bk-e2e-jobs-${process.pid}`;
const db = `e2e_shop_${process.pid}`;
const restored = `${db}_restored`;
const pgEnv = () => ({ ...process.env, PGHOST: requireEnv("PGHOST"), PGPORT: requireEnv("PGPORT"), PGUSER: requireEnv("PGUSER"), PGPASSWORD: requireEnv("PGPASSWORD") });
const psql = (sql: string, database = "postgres") =>
  execFileSync("psql", ["-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-d", database, "-c", sql], { env: pgEnv(), encoding: "utf8" }).trim();
let keyFile = "";

test.beforeAll(() => {
  psql(`DROP DATABASE IF EXISTS ${db}`);
  psql(`CREATE DATABASE ${db}`);
  // ~40 MB of rows, so the run lasts long enough to be watched.
  psql(`CREATE TABLE orders (id bigserial PRIMARY KEY, customer text NOT NULL, total numeric(10,2), note text, placed_at timestamptz DEFAULT now());
        INSERT INTO orders (customer, total, note) SELECT 'customer ' || i, (i % 997) / 7.0, md5(i::text) || repeat('é', 60) FROM generate_series(1, 250000) i;`, db);
});

test.afterAll(() => {
  for (const d of [db, restored]) psql(`DROP DATABASE IF EXISTS ${d}`);
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.rmSync(sftpDir, { recursive: true, force: true });
});

test("set up: an encryption profile with its recovery kit, a PostgreSQL source and two destinations", async ({ page }) => {
  await ensureAdmin(page);
  await page.goto("/vault");
  await page.getByRole("button", { name: "New profile" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name").fill("Shop key");
  await dialog.getByRole("button", { name: "Create profile" }).click();
  const downloading = page.waitForEvent("download");
  await dialog.getByRole("link", { name: "Download recovery kit" }).click();
  const kit = path.join(tmp, "kit.tar");
  await (await downloading).saveAs(kit);
  keyFile = path.join(tmp, "shop.key");
  fs.writeFileSync(keyFile, execFileSync("tar", ["-xOf", kit, "bunker-shop-key.key"]), { mode: 0o600 });
  await dialog.getByRole("button", { name: "Done" }).click();

  await addAdapter(page, "sources", /PostgreSQL/, async () => {
    await page.getByLabel("Name").fill("shop-pg");
    await field(page, "Host").fill(requireEnv("PGHOST"));
    await field(page, "Port").fill(requireEnv("PGPORT"));
    await field(page, "User").fill(requireEnv("PGUSER"));
    await field(page, "Password").fill(requireEnv("PGPASSWORD"));
  });
  await addAdapter(page, "destinations", /Local folder/, async () => {
    await page.getByLabel("Name").fill("shop-local");
    await field(page, "Directory").fill(localDir);
  });
  await addAdapter(page, "destinations", /SFTP/, async () => {
    await page.getByLabel("Name").fill("shop-sftp");
    await field(page, "Host").fill(requireEnv("SSH_HOST"));
    await field(page, "Port").fill(requireEnv("SSH_PORT"));
    await field(page, "User").fill(requireEnv("SSH_PASSWORD_USER"));
    await field(page, "Password").fill(requireEnv("SSH_PASSWORD"));
    await field(page, "Remote directory").fill(sftpDir);
  });
});

test("create a job with two destinations, run it now, watch it, and see two backups", async ({ page }) => {
  await ensureAdmin(page);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Jobs" }).click();
  await page.getByRole("link", { name: /New job/ }).first().click();
  await page.getByLabel("Name", { exact: true }).fill("Shop nightly");
  await page.getByLabel("Source", { exact: true }).selectOption({ label: "shop-pg" });
  await page.getByLabel("Pick databases").check();
  await page.getByRole("button", { name: "Load databases" }).click();
  await page.getByLabel(db, { exact: true }).check();
  await page.getByLabel("shop-local", { exact: true }).check();
  await page.getByLabel("shop-sftp", { exact: true }).check();
  await page.getByLabel("Compression", { exact: true }).selectOption("gzip");
  await page.getByLabel("Encryption profile", { exact: true }).selectOption({ label: "Shop key" });

  // A bad cron is explained, a preset fixes it, and the next runs are listed.
  await page.getByLabel("Schedule (cron)").fill("61 * * * *");
  await expect(page.getByTestId("schedule-error")).toContainText("minute");
  await page.getByRole("button", { name: "Daily 02:00" }).click();
  await expect(page.getByTestId("schedule-text")).toContainText("02:00");
  await expect(page.getByTestId("schedule-next-runs").locator("li")).toHaveCount(5);
  await shot(page, "30-job-form");
  await page.getByRole("button", { name: "Create job" }).click();
  await expect(page.getByTestId("job-row-Shop nightly")).toBeVisible();
  await shot(page, "31-jobs");

  await page.getByRole("button", { name: "Actions for Shop nightly" }).click();
  await page.getByRole("menuitem", { name: "Run now" }).click();
  await expect(page).toHaveURL(/\/history\/[\w-]+$/);
  await expect(page.getByTestId("run-status")).toBeVisible();
  await expect(page.getByTestId("run-status")).toHaveText(/Running|Success/);
  if ((await page.getByTestId("run-status").textContent())?.includes("Running")) {
    await expect(page.getByTestId("run-progress")).toBeVisible();
    await shot(page, "32-run-live");
  }
  await expect(page.getByTestId("run-status")).toHaveText("Success", { timeout: 90_000 });
  await expect(page.getByTestId("run-log")).toContainText(db);
  const outcomes = page.getByTestId("run-destinations");
  await expect(outcomes).toContainText("shop-local");
  await expect(outcomes).toContainText("shop-sftp");
  await shot(page, "33-run-done");
});

test("by hand, with no Bunker: age -d, gunzip and pg_restore rebuild the database", () => {
  const find = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? find(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  for (const dir of [localDir, sftpDir]) {
    const files = find(dir);
    const artifact = files.find((f) => f.endsWith(".dump.gz.age"));
    expect(artifact, `a .dump.gz.age backup in ${dir}`).toBeTruthy();
    expect(files).toContain(`${artifact}.manifest.json`);
  }
  const artifact = find(localDir).find((f) => f.endsWith(".dump.gz.age")) as string;
  const manifest = JSON.parse(fs.readFileSync(`${artifact}.manifest.json`, "utf8")) as { sha256: string };
  expect(execFileSync("sha256sum", [artifact], { encoding: "utf8" }).split(" ")[0]).toBe(manifest.sha256);

  psql(`DROP DATABASE IF EXISTS ${restored}`);
  psql(`CREATE DATABASE ${restored}`);
  const dump = path.join(tmp, "restored.dump");
  execFileSync("sh", ["-c", 'age -d -i "$1" "$2" | gunzip > "$3"', "sh", keyFile, artifact, dump]);
  execFileSync("pg_restore", ["--no-owner", "--exit-on-error", "-d", restored, dump], { env: pgEnv() });
  const q = "SELECT count(*) || ':' || sum(total) || ':' || md5(string_agg(customer || note, ',' ORDER BY id)) FROM orders";
  expect(psql(q, restored)).toBe(psql(q, db));
});
