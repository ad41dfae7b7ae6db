import { expect, test } from "@playwright/test";
import { ensureAdmin, shot } from "./helpers";

test("system tasks: each task is listed; Run now records a result; a task can be disabled and enabled", async ({ page }) => {
  await ensureAdmin(page);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "System tasks" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  for (const id of ["health-checks", "retention-sweep", "orphan-gc", "log-prune"]) await expect(page.getByTestId(`system-task-${id}`)).toBeVisible();

  const prune = page.getByTestId("system-task-log-prune");
  await prune.getByRole("button", { name: "Run now" }).click();
  await expect(prune.getByText("OK", { exact: true })).toBeVisible();

  const gc = page.getByTestId("system-task-orphan-gc");
  await gc.getByRole("switch").click();
  await expect(gc.getByText("Disabled", { exact: true })).toBeVisible();
  await gc.getByRole("switch").click();
  await expect(gc.getByText("Disabled", { exact: true })).toHaveCount(0);
  await shot(page, "40-system-tasks");
});

test("scheduler settings: an unknown time zone is refused with a clear message and nothing is saved; a real one is", async ({ page }) => {
  await ensureAdmin(page);
  await page.goto("/tasks");
  await page.getByLabel("Time zone").fill("Mars/Olympus_Mons");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Unknown IANA time zone")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Time zone")).toHaveValue("UTC");

  await page.getByLabel("Time zone").fill("Europe/Paris");
  await page.getByLabel("Backups at the same time").fill("3");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Scheduler settings saved")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Time zone")).toHaveValue("Europe/Paris");
  await expect(page.getByLabel("Backups at the same time")).toHaveValue("3");

  await page.getByLabel("Time zone").fill("UTC");
  await page.getByLabel("Backups at the same time").fill("2");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Scheduler settings saved")).toBeVisible();
});
