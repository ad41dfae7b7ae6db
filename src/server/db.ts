/**
 * The Prisma client over the embedded SQLite file. One connection with WAL and a busy timeout: the
 * scheduler, the request handlers and the audit log all write, and SQLite serialises writers.
 */
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@/generated/prisma/client";
import { databaseUrl } from "@/server/env";

const globalForPrisma = globalThis as unknown as { bunkerPrisma?: PrismaClient };

const create = (): PrismaClient => {
  const adapter = new PrismaBetterSqlite3({ url: databaseUrl(), timeout: 10_000 });
  return new PrismaClient({ adapter });
};

// Cached on globalThis so dev hot reloads and test modules share one connection.
export const db: PrismaClient = globalForPrisma.bunkerPrisma ?? create();
globalForPrisma.bunkerPrisma = db;

let pragmasApplied = false;
/** WAL lets pages read while a run writes; called once at boot. */
export const applySqlitePragmas = async (): Promise<void> => {
  if (pragmasApplied) return;
  pragmasApplied = true;
  await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await db.$queryRawUnsafe("PRAGMA foreign_keys = ON");
};
