import path from "node:path";
import { defineConfig } from "@playwright/test";

// scripts/test.sh picks a free port and a fresh data dir; these defaults serve a manual `npx playwright test`.
const PORT = Number(process.env.E2E_PORT ?? 3100);
const DATA_DIR = process.env.E2E_DATA_DIR ?? path.resolve(".test-results/e2e-data");
// localhost, not 127.0.0.1: WebAuthn refuses an IP address as the relying party id.
const BASE_URL = `http://localhost:${PORT}`;

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: ".test-results/playwright",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: BASE_URL,
    headless: true,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      // Debian's Chromium: Playwright's own browser download is blocked on these machines.
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--disable-gpu", "--disable-quic"],
    },
  },
  webServer: {
    // A fresh data dir every run: migrate an empty SQLite file, then serve the production build.
    command: `rm -rf "${DATA_DIR}" && mkdir -p "${DATA_DIR}" && node scripts/prisma-migrate.mjs deploy && ./node_modules/.bin/next start -p ${PORT}`,
    url: `${BASE_URL}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      DATA_DIR,
      DATABASE_URL: `file:${path.join(DATA_DIR, "bunker.db")}`,
      BETTER_AUTH_URL: BASE_URL,
      NEXT_TELEMETRY_DISABLED: "1",
      LOG_LEVEL: "warn",
    },
  },
});
