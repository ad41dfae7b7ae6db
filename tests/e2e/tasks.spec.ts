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
