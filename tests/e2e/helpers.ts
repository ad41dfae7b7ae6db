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
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
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

export const ADMIN = { name: "Ada Admin", email: "ada@example.test", password: "correct horse battery staple" };

/** Spec files share one server and data dir: set the admin up if this is the first spec, else sign in. */
export const ensureAdmin = async (page: Page) => {
  await page.goto("/");
  if (page.url().endsWith("/setup")) {
    await page.getByLabel("Name").fill(ADMIN.name);
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
    await page.getByLabel("Confirm password").fill(ADMIN.password);
    await page.getByRole("button", { name: "Create administrator" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Welcome");
  } else if (page.url().includes("/sign-in")) {
    await signIn(page, ADMIN.email, ADMIN.password);
  }
};

/** The administrator creates a user in a group on /users, then signs out. */
export const createUser = async (page: Page, user: { name: string; email: string; password: string }, group: string) => {
  await ensureAdmin(page);
  await page.goto("/users");
  await page.getByRole("button", { name: "New user" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name").fill(user.name);
  await dialog.getByLabel("Email").fill(user.email);
  await dialog.getByRole("combobox", { name: "Group" }).click();
  await page.getByRole("option", { name: group, exact: true }).click();
  await dialog.getByLabel("Password").fill(user.password);
  await dialog.getByRole("button", { name: "Create user" }).click();
  await expect(dialog).toBeHidden();
  await signOut(page);
};

/** A generated form field by its schema title ("Host" matches "Host" and "Host (optional)"). */
export const field = (page: Page, title: string) =>
  page.getByLabel(new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}( \\(optional\\))?$`));

export const requireEnv = (k: string): string => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is not set: run the e2e tests through npm test, which starts the test services`);
  return v;
};

/** The PG* connection of the test services, for psql/pg_dump run by a spec. */
export const pgEnv = () => ({ ...process.env, PGHOST: requireEnv("PGHOST"), PGPORT: requireEnv("PGPORT"), PGUSER: requireEnv("PGUSER"), PGPASSWORD: requireEnv("PGPASSWORD") });

/** Adds a source or destination through its form; `fill` fills the adapter's fields. */
export const addAdapter = async (page: Page, area: "sources" | "destinations", type: RegExp, fill: () => Promise<void>) => {
  await page.goto(`/${area}`);
  await page.getByRole("button", { name: area === "sources" ? "Add source" : "Add destination" }).click();
  await page.getByRole("link", { name: type }).click();
  await fill();
  await page.getByRole("button", { name: area === "sources" ? "Add source" : "Add destination" }).click();
  await expect(page).toHaveURL(new RegExp(`/${area}$`));
};
