import fs from "node:fs";
import { expect, type Page, type Request } from "@playwright/test";

export const SHOTS = ".test-results/screenshots";

export const shot = async (page: Page, name: string) => {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
};

export const signIn = async (page: Page, email: string, password: string) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Welcome");
};

export const signOut = async (page: Page) => {
  await page.getByTestId("user-menu").click();
  await page.getByTestId("sign-out").click();
  await expect(page).toHaveURL(/\/sign-in/);
};

/** Records the id of the next server action the page posts, so a test can replay it as someone else. */
export const captureActionId = (page: Page): Promise<string> =>
  new Promise((resolve) => {
    const onRequest = (req: Request) => {
      const id = req.headers()["next-action"];
      if (req.method() === "POST" && id) {
        page.off("request", onRequest);
        resolve(id);
      }
    };
    page.on("request", onRequest);
  });
