import { expect, type Page, test } from "@playwright/test";
import { startS3Server, type TestS3Server } from "../integration/helpers/s3-server";
import { ensureAdmin, field, requireEnv, shot } from "./helpers";

test.describe.configure({ mode: "serial" });

let s3: TestS3Server | null = null;

test.beforeAll(async () => {
  s3 = await startS3Server();
});

test.afterAll(async () => {
  await s3?.close().catch(() => undefined);
});

const testConnection = async (page: Page) => {
  await page.getByRole("button", { name: "Test connection" }).click();
  return page.getByTestId("test-result");
};

const rowHealth = (page: Page, name: string) => page.getByTestId(`adapter-row-${name}`).locator("[data-health]").first();

test("add a PostgreSQL source: a wrong password is reported, the right one shows the server version, and it turns ONLINE", async ({ page }) => {
  await ensureAdmin(page);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sources" }).click();
  await page.getByRole("button", { name: "Add source" }).click();
  await page.getByRole("link", { name: /PostgreSQL/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("New PostgreSQL source");

  await page.getByLabel("Name").fill("production-pg");
  await field(page, "Host").fill(requireEnv("PGHOST"));
  await field(page, "Port").fill(requireEnv("PGPORT"));
  await field(page, "User").fill(requireEnv("PGUSER"));
  await field(page, "Password").fill("not-the-password");
  const bad = await testConnection(page);
  await expect(bad).toContainText("Connection failed");
  await expect(bad).toContainText(/password/i);

  await field(page, "Password").fill(requireEnv("PGPASSWORD"));
  const good = await testConnection(page);
  await expect(good).toContainText("Connection works");
  await expect(good).toContainText(/PostgreSQL 1\d/);
  await shot(page, "11-source-form");
  await page.getByRole("button", { name: "Add source" }).click();

  await expect(page).toHaveURL(/\/sources$/);
  await expect(rowHealth(page, "production-pg")).toHaveAttribute("data-health", "ONLINE");
  await expect(page.getByTestId("adapter-row-production-pg")).toContainText(/PostgreSQL 1\d/);
  await shot(page, "12-sources");
});

test("the stored password is never sent back to the browser", async ({ page }) => {
  await ensureAdmin(page);
  await page.goto("/sources");
  await page.getByRole("link", { name: "production-pg" }).click();
  await expect(page.getByText("Stored and hidden")).toBeVisible();
  expect(await page.content()).not.toContain(requireEnv("PGPASSWORD"));
  await expect(field(page, "Password")).toHaveValue("");
});

test("add an S3 and an SFTP destination, test each, and see both ONLINE", async ({ page }) => {
  await ensureAdmin(page);
  await page.goto("/destinations");
  await page.getByRole("button", { name: "Add destination" }).click();
  await page.getByRole("link", { name: /S3-compatible/ }).click();
  await page.getByLabel("Name").fill("offsite-s3");
  await field(page, "Endpoint").fill(s3!.endpoint);
  await field(page, "Bucket").fill("no-such-bucket-here");
  await field(page, "Access key ID").fill("S3RVER");
  await field(page, "Secret access key").fill("S3RVER");
  await page.getByText("Advanced settings").click();
  await field(page, "Path-style URLs").click();
  const missing = await testConnection(page);
  await expect(missing).toContainText("Connection failed");
  await expect(missing).toContainText(/no-such-bucket-here/);
  await field(page, "Bucket").fill(s3!.bucket);
  await expect(await testConnection(page)).toContainText("Connection works");
  await page.getByRole("button", { name: "Add destination" }).click();
  await expect(rowHealth(page, "offsite-s3")).toHaveAttribute("data-health", "ONLINE");

  await page.getByRole("button", { name: "Add destination" }).click();
  await page.getByRole("link", { name: /SFTP/ }).click();
  await page.getByLabel("Name").fill("backup-box");
  await field(page, "Host").fill(requireEnv("SSH_HOST"));
  await field(page, "Port").fill(requireEnv("SSH_PORT"));
  await field(page, "User").fill(requireEnv("SSH_PASSWORD_USER"));
  await field(page, "Password").fill("wrong password");
  await field(page, "Remote directory").fill(`/tmp/bk-e2e-sftp-${process.pid}`);
  const denied = await testConnection(page);
  await expect(denied).toContainText("Connection failed");
  await expect(denied).toContainText(/auth/i);
  await field(page, "Password").fill(requireEnv("SSH_PASSWORD"));
  await expect(await testConnection(page)).toContainText("Connection works");
  await page.getByRole("button", { name: "Add destination" }).click();
  await expect(rowHealth(page, "backup-box")).toHaveAttribute("data-health", "ONLINE");

  // The host key was pinned on the first connection.
  await page.getByRole("link", { name: "backup-box" }).click();
  await expect(field(page, "Host key fingerprint")).toHaveValue(/^SHA256:/);
  await page.goto("/destinations");
  await shot(page, "13-destinations");
});

test("when the S3 server stops, the destination degrades and goes OFFLINE after three failed checks", async ({ page }) => {
  await ensureAdmin(page);
  await s3?.close();
  s3 = null;
  await page.goto("/destinations");
  const checkNow = async () => {
    await page.getByRole("button", { name: "Actions for offsite-s3" }).click();
    await page.getByRole("menuitem", { name: "Check now" }).click();
  };
  await checkNow();
  await expect(rowHealth(page, "offsite-s3")).toHaveAttribute("data-health", "DEGRADED");
  await checkNow();
  await expect(page.getByTestId("adapter-row-offsite-s3")).toContainText(/reach|refused|connect/i);
  await checkNow();
  await expect(rowHealth(page, "offsite-s3")).toHaveAttribute("data-health", "OFFLINE");
  await expect(rowHealth(page, "backup-box")).toHaveAttribute("data-health", "ONLINE");
  await shot(page, "14-destination-offline");
});
