import { expect, test } from "@playwright/test";
import { ADMIN, captureActionId, shot, signIn, signOut } from "./helpers";


const VIEWER = { name: "Vera Viewer", email: "vera@example.test", password: "viewer password 123" };

test.describe.configure({ mode: "serial" });

let setupActionId = "";
let createUserActionId = "";

test("a fresh instance sends the first visitor to setup, which creates the admin", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByText("Create the first administrator")).toBeVisible();
  await shot(page, "01-setup");

  // Mismatched confirmation is caught with a message on the field, nothing is created.
  await page.getByLabel("Name").fill(ADMIN.name);
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
  await page.getByLabel("Confirm password").fill("something else entirely");
  await page.getByRole("button", { name: "Create administrator" }).click();
  await expect(page.getByText("Passwords do not match")).toBeVisible();

  await page.getByLabel("Confirm password").fill(ADMIN.password);
  const action = captureActionId(page);
  await page.getByRole("button", { name: "Create administrator" }).click();
  setupActionId = await action;
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome, Ada");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" })).toBeVisible();
  await shot(page, "02-dashboard");
});

test("a second setup is refused: the page redirects and the server refuses a replayed action", async ({ page, baseURL }) => {
  await page.goto("/setup");
  await expect(page).toHaveURL(/\/sign-in$/);
  const res = await page.request.post("/setup", {
    headers: { "next-action": setupActionId, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component", origin: baseURL! },
    data: JSON.stringify([{ name: "Mallory", email: "mallory@example.test", password: "mallory password 1", confirmPassword: "mallory password 1" }]),
  });
  expect(await res.text()).toContain("CONFLICT");
});

test("sign out, a wrong password is refused with a clear message, then sign in", async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await signOut(page);
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill("not my password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByTestId("form-error")).toHaveText("Wrong email or password.");
  await shot(page, "03-sign-in-error");
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome, Ada");
});

test("the admin creates a Viewer, and the audit log shows the failed sign-in and the new user", async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Users");
  await page.getByRole("button", { name: "New user" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name").fill(VIEWER.name);
  await dialog.getByLabel("Email").fill(VIEWER.email);
  await dialog.getByRole("combobox", { name: "Group" }).click();
  await page.getByRole("option", { name: "Viewer" }).click();
  await dialog.getByLabel("Password").fill(VIEWER.password);
  const action = captureActionId(page);
  await dialog.getByRole("button", { name: "Create user" }).click();
  createUserActionId = await action;
  await expect(dialog).toBeHidden();
  const row = page.getByTestId(`user-row-${VIEWER.email}`);
  await expect(row).toContainText("Viewer");
  await expect(row).toContainText("Active");
  await shot(page, "04-users");

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Groups" }).click();
  await expect(page.getByTestId("group-card-Viewer")).toContainText("1 member");
  await shot(page, "05-groups");

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByTestId("audit-row").filter({ hasText: "failure" }).first()).toContainText(ADMIN.email);
  await expect(page.getByTestId("audit-row").filter({ hasText: "User create" })).toHaveCount(1);
  await page.getByLabel("Outcome").selectOption("failure");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/outcome=failure/);
  await expect(page.getByTestId("audit-row")).toHaveCount(1);
  await shot(page, "06-audit");
});

test("a Viewer does not see admin pages, is refused when opening them, and cannot call admin actions", async ({ page, baseURL }) => {
  await signIn(page, VIEWER.email, VIEWER.password);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Dashboard" })).toBeVisible();
  for (const name of ["Users", "Groups", "Audit log"]) await expect(nav.getByRole("link", { name })).toHaveCount(0);
  await shot(page, "07-viewer-dashboard");

  for (const path of ["/users", "/groups", "/audit"]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(403);
    await expect(page.getByTestId("forbidden")).toBeVisible();
  }
  await shot(page, "08-viewer-forbidden");

  // Replay the admin's "create user" server action with the Viewer's session.
  const replay = await page.request.post("/users", {
    headers: { "next-action": createUserActionId, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component", origin: baseURL! },
    data: JSON.stringify([{ name: "Sneaky", email: "sneaky@example.test", password: "sneaky password 1", groupId: "x" }]),
  });
  expect(await replay.text()).toContain("FORBIDDEN");

  const api = await page.request.post("/api/v1/users", {
    headers: { origin: baseURL! },
    data: { name: "Sneaky", email: "sneaky@example.test", password: "sneaky password 1", groupId: "x" },
  });
  expect(api.status()).toBe(403);
  const list = await page.request.get("/api/v1/users");
  expect(list.status()).toBe(403);
});

test("nothing the Viewer tried was created, and the profile page changes the admin's name", async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  const users = await (await page.request.get("/api/v1/users")).json();
  expect(users.users.map((u: { email: string }) => u.email).sort()).toEqual([ADMIN.email, VIEWER.email]);

  await page.goto("/profile");
  await page.getByLabel("Name").fill("Ada Lovelace");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByTestId("user-menu")).toContainText("Ada Lovelace");
  await shot(page, "09-profile");

  await page.getByLabel("Toggle theme").click();
  await page.getByRole("menuitemradio", { name: "Dark" }).click();
  await expect(page.locator("html")).toHaveClass(/dark/);
  await page.goto("/");
  await shot(page, "10-dashboard-dark");
});
