import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { addAdapter, ensureAdmin, field, shot } from "./helpers";

test.describe.configure({ mode: "serial" });

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bunker-e2e-config-"));
test.afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const PASSPHRASE = "e2e passphrase for the export";

test("export the configuration with a passphrase, then a dry-run import of it reports the conflicts", async ({ page }) => {
  await ensureAdmin(page);
  const destName = `E2E config dest ${Date.now()}`;
  await addAdapter(page, "destinations", /Local folder/, async () => {
    await page.getByLabel("Name").fill(destName);
    await field(page, "Directory").fill(path.join(tmp, "dest"));
  });

  await page.goto("/configuration");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Configuration");
  await expect(page.getByText("every secret is left out")).toBeVisible();

  // Export with secrets: an age file, named by its UTC time.
  await page.getByLabel("Passphrase (optional)").fill(PASSPHRASE);
  await page.getByLabel("Confirm the passphrase").fill(PASSPHRASE);
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export with secrets" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^bunker-config-\d{8}T\d{6}Z\.json\.age$/);
  const file = path.join(tmp, download.suggestedFilename());
  await download.saveAs(file);
  expect(fs.readFileSync(file).subarray(0, 21).toString("latin1")).toBe("age-encryption.org/v1");

  // A wrong passphrase is refused clearly.
  await page.getByLabel("Export file").setInputFiles(file);
  await page.getByLabel("Passphrase (encrypted exports)").fill("not the passphrase");
  await page.getByRole("button", { name: "Check file (dry run)" }).click();
  await expect(page.getByText("Wrong passphrase").first()).toBeVisible({ timeout: 20_000 });

  // The dry run of the same file into the same instance: everything exists, so conflicts, and nothing to create.
  await page.getByLabel("Passphrase (encrypted exports)").fill(PASSPHRASE);
  await page.getByRole("button", { name: "Check file (dry run)" }).click();
  const summary = page.getByTestId("import-summary");
  await expect(summary).toBeVisible({ timeout: 20_000 });
  await expect(summary).toContainText("Dry run, nothing changed");
  await expect(summary).toContainText("0 to create");
  const row = summary.getByRole("row").filter({ hasText: destName });
  await expect(row).toContainText("Destination");
  await expect(row).toContainText("Conflict: kept");
  await expect(page.getByRole("button", { name: "Import", exact: true })).toBeVisible();
  await shot(page, "configuration-dry-run");

  // The sidebar lists the page under Administration.
  await expect(page.getByRole("link", { name: "Configuration" })).toBeVisible();
});
