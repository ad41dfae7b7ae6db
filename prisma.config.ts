import fs from "node:fs";
import path from "node:path";
import { defineConfig } from "prisma/config";

// Offline: Prisma's native schema engine is downloaded from Prisma's CDN, which is unreachable here.
// `prisma generate` never runs it but refuses to start unless the file exists, so point it at a stub.
// Migrations go through scripts/prisma-migrate.mjs (the npm-shipped wasm schema engine) instead.
const stub = path.resolve("prisma/schema-engine-offline-stub.sh");
if (!process.env.PRISMA_SCHEMA_ENGINE_BINARY && fs.existsSync(stub)) {
  process.env.PRISMA_SCHEMA_ENGINE_BINARY = stub;
}

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "file:./data/bunker.db" },
});
