import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const alias = { "@": fileURLToPath(new URL("./src", import.meta.url)) };

// Integration tests share one real SQLite file in a private temp dir (created here, migrated by the
// global setup, removed at teardown). Files run one at a time because they reset shared tables.
const itDir = process.env.BUNKER_IT_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), "bunker-it-"));
process.env.BUNKER_IT_DIR = itDir;

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node" },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/integration/global-setup.ts"],
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 30_000,
          env: {
            NODE_ENV: "test",
            DATA_DIR: itDir,
            DATABASE_URL: `file:${path.join(itDir, "bunker.db")}`,
            BETTER_AUTH_URL: "http://localhost:3999",
            LOG_LEVEL: "error",
          },
        },
      },
    ],
  },
});
