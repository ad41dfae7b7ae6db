/**
 * OIDC single sign-on end to end: a real OIDC provider (oidc-provider, devInteractions) runs inside this
 * process on 127.0.0.1. The admin registers it on the Single sign-on page with provisioning into Operator,
 * signs out; a new person signs in through it in Chromium and lands in Bunker; the admin finds them in
 * Operator on /users.
 */
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { type IdpUser, startIdp } from "../integration/helpers/oidc-idp";
import { ADMIN, ensureAdmin, shot, signIn, signOut } from "./helpers";

const rand = randomBytes(3).toString("hex");
const PROVIDER_ID = `e2e-idp-${rand}`;
const LABEL = `Test IdP ${rand}`;
const CLIENT = { id: "bunker-e2e", secret: `e2e-secret-${randomBytes(8).toString("hex")}` };
const SSO_EMAIL = `sso-user-${rand}@example.test`;

let idp: Awaited<ReturnType<typeof startIdp>>;

test.beforeAll(async () => {
  const base = test.info().project.use.baseURL!;
  idp = await startIdp({
    clientId: CLIENT.id,
    clientSecret: CLIENT.secret,
    redirectUris: [`${base}/api/auth/sso/callback/${PROVIDER_ID}`],
    users: (login): IdpUser | undefined => (login.includes("@") ? { email: login, name: "Sso Person", groups: ["staff"] } : undefined),
  });
});
test.afterAll(async () => {
  await idp?.close();
});

test("an admin registers an OIDC provider and a new user signs in through it into the default group", async ({ page, baseURL }) => {
  await ensureAdmin(page);
  await page.goto("/sso");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Single sign-on");
  await page.getByRole("button", { name: "Add provider" }).click();
  const dialog = page.getByRole("dialog");

  // a preset pre-fills the claims and says where to create the client
  await dialog.getByLabel("Provider type").selectOption("keycloak");
  await expect(dialog.getByLabel("Issuer URL")).toHaveAttribute("placeholder", /realms/);
  await expect(dialog.getByTestId("sso-setup")).toContainText("Keycloak");
  await dialog.getByLabel("Provider type").selectOption("generic");

  await dialog.getByLabel("Button label").fill(LABEL);
  await dialog.getByLabel("Provider ID").fill(PROVIDER_ID);
  await expect(dialog.getByTestId("sso-callback-url")).toHaveText(`${baseURL}/api/auth/sso/callback/${PROVIDER_ID}`);

  await dialog.getByLabel("Issuer URL").fill(`${idp.issuer}/wrong`);
  await dialog.getByRole("button", { name: "Test discovery" }).click();
  await expect(dialog.getByTestId("sso-discovery-result")).toContainText("HTTP 404");
  await dialog.getByLabel("Issuer URL").fill(idp.issuer);
  await dialog.getByRole("button", { name: "Test discovery" }).click();
  await expect(dialog.getByTestId("sso-discovery-result")).toContainText(`Discovery works: ${idp.issuer}`);
  await shot(page, "sso-discovery");

  await dialog.getByLabel("Client ID").fill(CLIENT.id);
  await dialog.getByLabel("Client secret").fill(CLIENT.secret);
  await dialog.getByLabel("Scopes").fill("openid email profile groups");
  await dialog.getByLabel("Allow provisioning").click();
  await dialog.getByLabel("Default group").selectOption({ label: "Operator" });
  await shot(page, "sso-add-provider");
  await dialog.getByRole("button", { name: "Add provider" }).click();
  await expect(dialog).toBeHidden();

  const card = page.getByTestId(`sso-card-${PROVIDER_ID}`);
  await expect(card).toContainText("on, default group Operator");
  await expect(card).not.toContainText(CLIENT.secret);
  await shot(page, "sso-providers");

  // the new person signs in through the provider
  await signOut(page);
  await page.goto("/sign-in");
  await page.getByRole("button", { name: `Continue with ${LABEL}` }).click();
  await page.waitForURL(new RegExp(`^${idp.issuer}/interaction/`));
  await page.locator("input[name=login]").fill(SSO_EMAIL);
  await page.locator("input[name=password]").fill("anything");
  await page.locator("button[type=submit]").first().click();
  await page.waitForURL(new RegExp(`^${idp.issuer}/interaction/`));
  await page.locator("button[type=submit]").first().click(); // consent
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Welcome");
  await expect(page).toHaveURL(new RegExp(`^${baseURL}`));
  await page.goto("/profile");
  await expect(page.locator("#linked-providers")).toContainText(LABEL);
  await shot(page, "sso-signed-in-profile");

  // the admin sees the provisioned user in Operator
  await signOut(page);
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto("/users");
  const row = page.getByTestId(`user-row-${SSO_EMAIL}`);
  await expect(row).toBeVisible();
  await expect(row).toContainText("Operator");
  await shot(page, "sso-users");
});
