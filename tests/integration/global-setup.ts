import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/** A fresh SQLite file with every migration applied through the offline migrate script. */
export default function setup() {
  const dir = process.env.BUNKER_IT_DIR;
  if (!dir) throw new Error("BUNKER_IT_DIR is not set (vitest.config.mts sets it)");
  execFileSync("node", ["scripts/prisma-migrate.mjs", "reset"], {
    env: { ...process.env, DATA_DIR: dir, DATABASE_URL: `file:${path.join(dir, "bunker.db")}` },
    stdio: "pipe",
  });
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
