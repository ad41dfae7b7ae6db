// Shared by the plain-Node scripts (start, migrate). Mirrors src/server/env.ts: data lives under DATA_DIR
// (default ./data) and the app's own SQLite file defaults to DATA_DIR/bunker.db.
import fs from "node:fs";
import path from "node:path";

export function loadDotEnv() {
  if (fs.existsSync(".env")) process.loadEnvFile(".env");
}

export function dataDir() {
  return path.resolve(process.env.DATA_DIR || "./data");
}

export function databaseUrl() {
  return process.env.DATABASE_URL || `file:${path.join(dataDir(), "bunker.db")}`;
}

export function sqliteFile(url = databaseUrl()) {
  if (!url.startsWith("file:")) throw new Error(`only SQLite file: URLs are supported, got ${url}`);
  return path.resolve(url.slice("file:".length));
}
