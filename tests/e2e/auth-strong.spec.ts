/**
 * Strong authentication in a real browser: a new user turns on TOTP (code computed here), registers a
 * passkey on Chromium's virtual authenticator, signs out, signs in with the passkey alone, then with
 * password + TOTP; an API key is created on the profile and used as a Bearer token.
 */
import { randomBytes } from "node:crypto";
import { expect, type Page, test } from "@playwright/test";
import { totp } from "../integration/helpers/totp";
import { ADMIN, createUser, shot, signOut } from "./helpers";

const USER = { name: "Sam Strong", email: `sam-${randomBytes(3).toString("hex")}@example.test`, password: "another long passphrase" };

const passwordStep = async (page: Page) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(USER.email);
  await page.getByLabel("Password").fill(USER.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
};

test("TOTP, a passkey, sessions and an API key, as a new user", async ({ page }) => {
  test.setTimeout(120_000);
  void ADMIN;
  await createUser(page, USER, "Admin");
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });

  await passwordStep(page);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Welcome");
  await page.goto("/profile");
  await shot(page, "auth-01-sign-in-done");

  // TOTP: enrol with the secret shown, confirm with a computed code, backup codes shown once.
  await page.locator("#totp-password").fill(USER.password);
  await page.getByRole("button", { name: "Set up an authenticator app" }).click();
  const secret = (await page.getByTestId("totp-secret").textContent())?.trim() ?? "";
  expect(secret).toMatch(/^[A-Z2-7]+=*$/);
  await expect(page.getByTestId("backup-codes")).toBeVisible();
  await shot(page, "auth-02-totp-enrol");
  await page.getByLabel("Code from the app").fill(totp(secret));
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.locator("#two-factor")).toContainText("On");

  // Passkey: register one and name it.
  await page.getByLabel("New passkey label").fill("Virtual key");
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.getByTestId("passkey-list").getByLabel("Passkey label")).toHaveValue("Virtual key");

  // API key: shown once, then works as a Bearer token with its own permissions.
  await page.locator("#key-name").fill("ci");
  await page.getByLabel("jobs:read").check();
  await page.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByTestId("new-api-key").locator("code").textContent())?.trim() ?? "";
  expect(key).toMatch(/^bk_/);
  await expect(page.getByTestId("sessions-table")).toContainText("This browser");
  await shot(page, "auth-03-profile-security");
  const api = page.context().request;
  const ok = await api.fetch("/api/v1/executions", { headers: { authorization: `Bearer ${key}`, cookie: "" } });
  expect(ok.status()).toBe(403); // jobs:read does not include history:read
  const bad = await api.fetch("/api/v1/executions", { headers: { authorization: "Bearer bk_not-a-real-key", cookie: "" } });
  expect(bad.status()).toBe(401);

  // Sign out, then sign in with the passkey alone.
  await signOut(page);
  await shot(page, "auth-04-sign-in-page");
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Welcome");
  await signOut(page);

  // Password + TOTP: the challenge appears after the password.
  await passwordStep(page);
  await expect(page.getByText("Two-factor authentication")).toBeVisible();
  await shot(page, "auth-05-second-factor");
  await page.getByLabel("Authentication code").fill(totp(secret, Date.now() + 30_000));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Welcome");
});
