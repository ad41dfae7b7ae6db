/**
 * Profile picture and preferences in a real browser, as a new user: a generated PNG becomes the
 * avatar in the top bar, the dark theme lands on <html>, the time zone and date format show in the
 * preview. Then an administrator sees that user locked after wrong passwords and unlocks them.
 */
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import sharp from "sharp";
import { ADMIN, createUser, SHOTS, shot, signIn, signOut } from "./helpers";

const USER = { name: "Pia Prefs", email: `pia-${randomBytes(3).toString("hex")}@example.test`, password: "a long enough passphrase" };

test.describe.configure({ mode: "serial" });

test("a picture, the dark theme and a time zone on the profile", async ({ page }) => {
  test.setTimeout(90_000);
  await createUser(page, USER, "Viewer");
  await signIn(page, USER.email, USER.password);
  await page.goto("/profile");

  // No picture yet: the menu shows initials.
  await expect(page.getByTestId("user-menu-avatar")).toHaveText("PP");
  const png = await sharp({ create: { width: 640, height: 360, channels: 3, background: "#e4572e" } }).png().toBuffer();
  await page.getByTestId("profile-image-input").setInputFiles({ name: "holiday.png", mimeType: "image/png", buffer: png });
  await expect(page.getByText("Picture saved")).toBeVisible();
  const avatar = page.getByTestId("user-menu-avatar").locator("img");
  await expect(avatar).toHaveAttribute("src", /^data:image\/webp;base64,/);
  expect(await avatar.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight])).toEqual([256, 256]);

  // A text file named like an image is refused by its bytes.
  await page.getByTestId("profile-image-input").setInputFiles({ name: "fake.png", mimeType: "image/png", buffer: Buffer.from("not an image at all") });
  await expect(page.getByText("That file is not a PNG, JPEG or WebP image.")).toBeVisible();

  await page.locator("#pref-theme").selectOption("dark");
  await page.locator("#pref-timezone").selectOption("Asia/Tokyo");
  await page.locator("#pref-date-format").selectOption("iso");
  await expect(page.getByTestId("date-preview")).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  await page.getByRole("button", { name: "Save preferences" }).click();
  await expect(page.getByText("Preferences saved")).toBeVisible();
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);

  // Stored on the account: a reload keeps all three.
  await page.reload();
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  await expect(page.locator("#pref-timezone")).toHaveValue("Asia/Tokyo");
  await expect(page.locator("#pref-date-format")).toHaveValue("iso");
  await expect(page.getByTestId("user-menu-avatar").locator("img")).toBeVisible();
  await shot(page, "profile-preferences");
  await page.locator("#pref-theme").scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/profile-preferences-card.png` });

  // Back to the defaults so later specs' screenshots keep the system theme in this browser.
  await page.locator("#pref-theme").selectOption("system");
  await page.getByRole("button", { name: "Save preferences" }).click();
  await expect(page.getByText("Preferences saved")).toBeVisible();
  await signOut(page);
});

test("an administrator sees the lock after wrong passwords, and Unlock lets the user in again", async ({ page, baseURL }) => {
  for (let i = 0; i < 5; i++) {
    const r = await page.request.post("/api/auth/sign-in/email", { headers: { origin: baseURL! }, data: { email: USER.email, password: "wrong password here" } });
    expect(r.status()).toBe(401);
  }
  const locked = await page.request.post("/api/auth/sign-in/email", { headers: { origin: baseURL! }, data: { email: USER.email, password: USER.password } });
  expect(locked.status()).toBe(429);

  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto("/users");
  const row = page.getByTestId(`user-row-${USER.email}`);
  await expect(row).toContainText("Locked");
  await expect(row.getByTestId("second-factor")).toHaveText("None");
  await shot(page, "users-locked");
  await row.getByRole("button", { name: `Actions for ${USER.email}` }).click();
  await page.getByRole("menuitem", { name: "Unlock" }).click();
  await expect(page.getByText(`${USER.name} can sign in again`)).toBeVisible();
  await expect(row).toContainText("Active");
  await expect(row).not.toContainText("Locked");

  await page.goto("/groups");
  await expect(page.getByTestId("require-2fa-Viewer")).toHaveAttribute("data-state", "unchecked");
  await shot(page, "groups-2fa");
  await signOut(page);

  const ok = await page.request.post("/api/auth/sign-in/email", { headers: { origin: baseURL! }, data: { email: USER.email, password: USER.password } });
  expect(ok.status()).toBe(200);
});
