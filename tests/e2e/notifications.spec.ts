/**
 * As a new user: add a webhook and an email notifier, Send test on each, then run a job whose source
 * has a wrong PostgreSQL password and receive the failure on both, with the error text. The delivery
 * log shows each attempt. The receivers run inside this spec (127.0.0.1, port 0).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { type RecordingServer, type SmtpCapture, startRecordingServer, startSmtpCapture } from "../integration/helpers/notification-servers";
import { ensureAdmin, field, requireEnv, shot } from "./helpers";

test.describe.configure({ mode: "serial" });

let web: RecordingServer;
let smtp: SmtpCapture;
const tag = Date.now().toString(36);
const HOOK = `ops-hook-${tag}`;
const MAIL = `ops-mail-${tag}`;
const SOURCE = `bad-pg-${tag}`;
const DEST = `notify-local-${tag}`;
const JOB = `Notify job ${tag}`;
const localDir = fs.mkdtempSync(path.join(os.tmpdir(), "bunker-e2e-notify-"));

test.beforeAll(async () => {
  web = await startRecordingServer();
  smtp = await startSmtpCapture();
});

test.afterAll(async () => {
  await web?.close();
  await smtp?.close();
  fs.rmSync(localDir, { recursive: true, force: true });
});

const addNotifier = async (page: Page, type: RegExp, name: string, fill: () => Promise<void>) => {
  await page.goto("/notifications");
  await page.getByRole("button", { name: "Add notifier" }).click();
  await page.getByRole("link", { name: type }).click();
  await page.getByLabel("Name", { exact: true }).fill(name);
  await fill();
  await page.getByRole("button", { name: "Send test" }).click();
  await expect(page.getByTestId("test-result")).toContainText("Test sent");
  await page.getByRole("button", { name: "Add notifier" }).click();
  await expect(page).toHaveURL(/\/notifications$/);
  await expect(page.getByTestId(`notifier-row-${name}`)).toBeVisible();
};

test("add a webhook and an email notifier; Send test reaches both", async ({ page }) => {
  await ensureAdmin(page);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Notifications" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Notifications");

  await addNotifier(page, /^Webhook/, HOOK, async () => {
    await field(page, "URL").fill(`${web.url}/hook/${tag}`);
  });
  const ping = await web.waitFor((r) => r.path === `/hook/${tag}`);
  // The instance name is a setting another spec may have changed ("Bunker E2E").
  expect(ping.json).toMatchObject({ event: "test", title: expect.stringMatching(/^Test notification from Bunker/) });

  await addNotifier(page, /Email \(SMTP\)/, MAIL, async () => {
    await field(page, "SMTP host").fill("127.0.0.1");
    await field(page, "Port").fill(String(smtp.port));
    await field(page, "Security").selectOption("none");
    await field(page, "User name").fill("mailer");
    await field(page, "Password").fill("pw");
    await field(page, "From").fill("Bunker <bunker@example.test>");
    await field(page, "To").fill(`ops-${tag}@example.test`);
  });
  const mail = await smtp.waitFor((m) => m.to.includes(`ops-${tag}@example.test`));
  expect(mail.mail.subject).toMatch(/^\[Bunker[^\]]*\] Test notification from Bunker/);
  // Send test from the list: the saved settings, recorded against the notifier.
  await page.getByRole("button", { name: `Actions for ${MAIL}` }).click();
  await page.getByRole("menuitem", { name: "Send test" }).click();
  await expect(page.getByTestId(`notifier-row-${MAIL}`)).toContainText("Sent");
  await expect.poll(() => smtp.inbox.filter((m) => m.to.includes(`ops-${tag}@example.test`)).length).toBe(2);
  await shot(page, "60-notifications");
  expect(await page.content()).not.toContain(`${web.url}/hook/${tag}`);
});

test("a job with a wrong database password notifies both notifiers of the failure, with the error", async ({ page }) => {
  test.setTimeout(120_000);
  await ensureAdmin(page);
  await page.goto("/sources");
  await page.getByRole("button", { name: "Add source" }).click();
  await page.getByRole("link", { name: /PostgreSQL/ }).click();
  await page.getByLabel("Name", { exact: true }).fill(SOURCE);
  await field(page, "Host").fill(requireEnv("PGHOST"));
  await field(page, "Port").fill(requireEnv("PGPORT"));
  await field(page, "User").fill(requireEnv("PGUSER"));
  await field(page, "Password").fill("not-the-password");
  await page.getByRole("button", { name: "Add source" }).click();
  await expect(page).toHaveURL(/\/sources$/);

  await page.goto("/destinations");
  await page.getByRole("button", { name: "Add destination" }).click();
  await page.getByRole("link", { name: /Local folder/ }).click();
  await page.getByLabel("Name", { exact: true }).fill(DEST);
  await field(page, "Directory").fill(localDir);
  await page.getByRole("button", { name: "Add destination" }).click();
  await expect(page).toHaveURL(/\/destinations$/);

  await page.goto("/jobs/new");
  await page.getByLabel("Name", { exact: true }).fill(JOB);
  await page.getByLabel("Source", { exact: true }).selectOption({ label: SOURCE });
  await page.getByLabel(DEST, { exact: true }).check();
  await page.getByLabel("Compression", { exact: true }).selectOption("gzip");
  await page.getByLabel(HOOK, { exact: true }).check();
  await page.getByLabel(MAIL, { exact: true }).check();
  await expect(page.getByLabel(`${HOOK}: Failure`)).toBeChecked();
  await expect(page.getByLabel(`${MAIL}: Failure`)).toBeChecked();
  await expect(page.getByLabel(`${HOOK}: Success`)).not.toBeChecked();
  await page.locator("#notifications").scrollIntoViewIfNeeded();
  await shot(page, "61-job-notifiers");
  await page.getByRole("button", { name: "Create job" }).click();
  await expect(page.getByTestId(`job-row-${JOB}`)).toBeVisible();

  await page.getByRole("button", { name: `Actions for ${JOB}` }).click();
  await page.getByRole("menuitem", { name: "Run now" }).click();
  await expect(page).toHaveURL(/\/history\/[\w-]+$/);
  const executionId = page.url().split("/").pop() ?? "";
  await expect(page.getByTestId("run-status")).toHaveText("Failed", { timeout: 60_000 });

  const hook = await web.waitFor((r) => r.path === `/hook/${tag}` && (r.json as { event?: string }).event === "backup.failed", 30_000);
  const body = hook.json as { title: string; error: string; url: string };
  expect(body.title).toBe(`Backup failed: ${JOB}`);
  expect(body.error).toMatch(/password/i);
  expect(body.url).toContain(`/history/${executionId}`);
  const mail = await smtp.waitFor((m) => m.to.includes(`ops-${tag}@example.test`) && /^\[Bunker[^\]]*\] Backup failed: /.test(m.mail.subject ?? "") && (m.mail.subject ?? "").endsWith(JOB), 30_000);
  expect(mail.mail.text).toMatch(/Error: .*password/i);

  await page.goto("/notifications/deliveries");
  const failed = page.locator(`[data-event="backup.failed"][data-notifier="${HOOK}"]`).first();
  await expect(failed).toBeVisible();
  await expect(failed).toContainText("Sent");
  await failed.click();
  await expect(page.getByTestId("attempts").first()).toContainText("#1");
  await expect(page.getByTestId("payload-preview").first()).toContainText("backup.failed");
  await expect(page.getByTestId("payload-preview").first()).not.toContainText(`/hook/${tag}`);
  await expect(page.locator(`[data-event="backup.failed"][data-notifier="${MAIL}"]`).first()).toContainText("Sent");
  await shot(page, "62-delivery-log");
});
