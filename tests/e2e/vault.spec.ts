import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { ensureAdmin, shot } from "./helpers";

test.describe.configure({ mode: "serial" });

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bunker-e2e-vault-"));
test.afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A key pair from the real age-keygen CLI: the file it wrote and the public key it printed. */
const ageKeygen = (): { text: string; recipient: string } => {
  const file = path.join(tmp, `imported-${Date.now()}.txt`);
  const r = spawnSync("age-keygen", ["-o", file], { encoding: "utf8" });
  const recipient = /^Public key: (age1\S+)$/m.exec(r.stderr)?.[1];
  if (r.status !== 0 || !recipient) throw new Error(`age-keygen failed (is the age package installed?): ${r.stderr}`);
  return { text: fs.readFileSync(file, "utf8"), recipient };
};

test("create a profile, download its recovery kit, import a second key, and delete it", async ({ page }) => {
  await ensureAdmin(page);
  await page.goto("/vault");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Vault");

  // Create: the dialog generates a key, shows the public key and asks for the recovery kit at once.
  await page.getByRole("button", { name: "New profile" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name").fill("E2E Production");
  await dialog.getByLabel("Description (optional)").fill("Nightly backups of the main site");
  await dialog.getByRole("button", { name: "Create profile" }).click();
  await expect(dialog.getByText("Download the recovery kit now")).toBeVisible();
  const recipient = (await dialog.getByTestId("created-recipient").textContent())?.trim() ?? "";
  expect(recipient).toMatch(/^age1[02-9ac-hj-np-z]{58}$/);

  const downloading = page.waitForEvent("download");
  await dialog.getByRole("link", { name: "Download recovery kit" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("bunker-recovery-kit-e2e-production.tar");
  const kit = path.join(tmp, download.suggestedFilename());
  await download.saveAs(kit);
  expect(execFileSync("tar", ["-tf", kit], { encoding: "utf8" }).trim().split("\n").sort()).toEqual(["README.md", "bunker-e2e-production.key"]);
  const keyFile = execFileSync("tar", ["-xOf", kit, "bunker-e2e-production.key"], { encoding: "utf8" });
  expect(keyFile).toContain(`# public key: ${recipient}\n`);
  expect(keyFile).toMatch(/^AGE-SECRET-KEY-1[0-9A-Z]{58}$/m);
  expect(execFileSync("tar", ["-xOf", kit, "README.md"], { encoding: "utf8" })).toContain("age -d -i bunker-e2e-production.key");

  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();
  const card = page.getByTestId("profile-card-E2E Production");
  await expect(card.getByTestId("profile-recipient")).toHaveText(recipient);
  await expect(card).toContainText("Used by 0 jobs");

  // Import: a public key alone is refused with a clear message; the whole age-keygen file is accepted.
  const imported = ageKeygen();
  await page.getByRole("button", { name: "Import key" }).click();
  const importDialog = page.getByRole("dialog");
  await importDialog.getByLabel("Name").fill("Imported");
  await importDialog.getByLabel("Secret key").fill(imported.recipient);
  await importDialog.getByRole("button", { name: "Import key" }).click();
  await expect(importDialog.getByText(/This is a public key \(age1…\), which can only encrypt/)).toBeVisible();
  await importDialog.getByLabel("Secret key").fill(imported.text);
  await importDialog.getByRole("button", { name: "Import key" }).click();
  await expect(importDialog).toBeHidden();
  const importedCard = page.getByTestId("profile-card-Imported");
  await expect(importedCard.getByTestId("profile-recipient")).toHaveText(imported.recipient);
  // The secret key never reaches the page, only the recovery kit.
  expect(await page.content()).not.toMatch(/AGE-SECRET-KEY-1/i);
  await shot(page, "20-vault");

  // Delete the imported profile: it is not in use, so one confirmation removes it.
  await importedCard.getByRole("button", { name: "Actions for Imported" }).click();
  await page.getByRole("menuitem", { name: "Delete" }).click();
  const confirm = page.getByRole("alertdialog");
  await expect(confirm).toContainText("Delete Imported?");
  await confirm.getByRole("button", { name: "Delete profile" }).click();
  await expect(confirm).toBeHidden();
  await expect(importedCard).toBeHidden();
  await expect(page.getByTestId("profile-card-E2E Production")).toBeVisible();
});
