/**
 * The dashboard with a year of seeded history (written straight into the server's SQLite file: jobs,
 * runs, verified backups), screenshotted in light and dark; the Settings page; and a /metrics scrape
 * with a token generated there.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { ensureAdmin, shot } from "./helpers";

const DATA_DIR = process.env.E2E_DATA_DIR ?? path.resolve(".test-results/e2e-data");
const H = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");
const id = () => `e2e${randomBytes(8).toString("hex")}`;

/** Six jobs over two destinations with a year of daily runs: one failing now, one without a recent verified backup. */
const seed = (tag: string) => {
  const db = new Database(path.join(DATA_DIR, "bunker.db"));
  db.pragma("busy_timeout = 10000");
  const now = Date.now();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bunker-e2e-dash-"));
  // A real database behind the seeded source, so a scheduled fire during the suite backs it up instead of failing.
  const orders = new Database(path.join(dir, "orders.db"));
  orders.exec("CREATE TABLE orders(id INTEGER PRIMARY KEY, total REAL); INSERT INTO orders(total) VALUES (9.5), (12);");
  orders.close();
  const adapter = db.prepare(`INSERT INTO "AdapterConfig" (id, name, kind, adapterId, config, healthStatus, consecutiveFailures, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)`);
  const source = id();
  adapter.run(source, `Orders DB ${tag}`, "source", "sqlite", JSON.stringify({ path: path.join(dir, "orders.db") }), "ONLINE", iso(now), iso(now));
  const dests = [id(), id()];
  adapter.run(dests[0], `NAS ${tag}`, "destination", "local", JSON.stringify({ path: path.join(dir, "nas") }), "ONLINE", iso(now), iso(now));
  adapter.run(dests[1], `Offsite ${tag}`, "destination", "local", JSON.stringify({ path: path.join(dir, "offsite") }), "ONLINE", iso(now), iso(now));

  const job = db.prepare(`INSERT INTO "Job" (id, name, slug, sourceId, schedule, enabled, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, 1, ?, ?)`);
  const run = db.prepare(
    `INSERT INTO "Execution" (id, jobId, type, status, trigger, queuedAt, startedAt, endedAt, bytesRead, bytesStored, error, createdAt) VALUES (?, ?, 'Backup', ?, 'schedule', ?, ?, ?, ?, ?, ?, ?)`,
  );
  const backup = db.prepare(
    `INSERT INTO "Backup" (id, jobId, executionId, destinationId, databaseName, engine, key, manifestKey, sizeBytes, sha256, compression, manifest, verifiedAt, verifyStatus, createdAt) VALUES (?, ?, ?, ?, 'main', 'postgres', ?, ?, ?, ?, 'zstd', '{}', ?, 'ok', ?)`,
  );
  const names = ["Billing", "Orders", "Analytics", "Auth", "Inventory", "CRM"];
  db.transaction(() => {
    names.forEach((name, j) => {
      const jobId = id();
      job.run(jobId, `${name} ${tag}`, `${name.toLowerCase()}-${tag}`, source, j === 3 ? "0 * * * *" : "0 2 * * *", iso(now - 400 * 24 * H), iso(now));
      for (let d = 365; d >= 0; d--) {
        const at = now - d * 24 * H - (j + 1) * 7 * 60_000;
        // Auth (hourly) stopped producing backups two days ago; Inventory fails today; a few random failures.
        if (j === 3 && d < 2) continue;
        const failed = (j === 4 && d === 0) || (d * 7 + j * 13) % 97 === 0;
        const partial = !failed && (d * 5 + j) % 71 === 0;
        const size = Math.round((0.5 + j * 0.4) * 2 ** 30 * (1 + (365 - d) / 700));
        const execId = id();
        run.run(execId, jobId, failed ? "Failed" : partial ? "Partial" : "Success", iso(at), iso(at), iso(at + (5 + j * 3) * 60_000), size * 4, failed ? 0 : size, failed ? "pg_dump: error: connection to server at \"db\" failed" : null, iso(at));
        if (!failed && d < 60) backup.run(id(), jobId, execId, dests[d % 3 === 0 ? 1 : 0], `${tag}/${execId}`, `${tag}/${execId}.manifest.json`, size, "0".repeat(64), iso(at + 600_000), iso(at));
      }
    });
  })();
  db.close();
};

test("dashboard: five-second verdict, charts, verification and live runs, light and dark", async ({ page }) => {
  await ensureAdmin(page);
  const tag = randomBytes(3).toString("hex");
  seed(tag);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto("/");
  await expect(page.getByTestId("dashboard-verdict")).toHaveAttribute("data-level", "bad");
  await expect(page.getByTestId("dashboard-verdict")).toContainText("failed on the last run");
  await expect(page.getByTestId("verification-table")).toContainText(`Auth ${tag}`);
  await expect(page.getByTestId("verification-table").locator("tr[data-overdue]").first()).toBeVisible();
  await expect(page.getByTestId("job-status-breakdown")).toContainText("Failed");
  await expect(page.getByTestId("backup-heatmap")).toBeVisible();
  await expect(page.getByTestId("latest-runs-live")).toContainText("Live");
  await expect(page.locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(page.locator(".recharts-area").first()).toBeVisible();
  // The console scrolls inside its main area, so a full-page shot needs a viewport as tall as the page.
  await page.setViewportSize({ width: 1440, height: 2300 });
  await shot(page, "dashboard-light");

  await page.emulateMedia({ colorScheme: "dark" });
  await page.reload();
  await expect(page.getByTestId("dashboard-verdict")).toBeVisible();
  await expect(page.locator(".recharts-bar-rectangle").first()).toBeVisible();
  await shot(page, "dashboard-dark");
  await page.emulateMedia({ colorScheme: "light" });
});

test("settings: save, reset to default, and a metrics token that scrapes /metrics", async ({ page, request }) => {
  await ensureAdmin(page);
  await page.goto("/settings");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Settings");
  await page.getByLabel("Run timeout (minutes)").fill("0");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("alert").filter({ hasText: /greater than or equal to 1|too small/i })).toBeVisible();
  await page.getByLabel("Run timeout (minutes)").fill("120");
  await page.getByLabel("Instance name").fill("Bunker E2E");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Settings saved")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Run timeout (minutes)")).toHaveValue("120");
  await shot(page, "settings");
  await page.getByLabel("Run timeout (minutes)").locator("xpath=..").getByRole("button", { name: "Reset" }).click();
  await expect(page.getByLabel("Run timeout (minutes)")).toHaveValue("360");

  expect((await request.get("/metrics")).status()).toBe(401);
  await page.getByRole("button", { name: /Generate a (new )?token/ }).click();
  const token = await page.getByTestId("metrics-token-value").inputValue();
  expect(token).toMatch(/^bkm_/);
  const res = await request.get("/metrics", { headers: { authorization: `Bearer ${token}` } });
  expect(res.status()).toBe(200);
  const text = await res.text();
  expect(text).toContain("bunker_job_runs_total");
  expect(text).toContain("bunker_queue_depth");
  await page.reload();
  await expect(page.getByTestId("metrics-token-value")).toHaveCount(0);
  await expect(page.getByTestId("metrics-settings")).toContainText("Token set");
});
