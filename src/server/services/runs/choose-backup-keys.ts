/**
 * The keys of one database's backup. Keys have a one-second timestamp: when one is already taken (two
 * database names that sanitise alike in this run, or a backup of the same job a moment ago) the
 * timestamp moves on by a second, so a key never overwrites an existing backup.
 */
import { backupKeys, type BackupKeys } from "@/lib/backup/keys";
import { db } from "@/server/db";
import type { RunContext } from "./run-context";

const MAX_TRIES = 30;

export const chooseBackupKeys = async (run: RunContext, database: string, startedAt: Date): Promise<BackupKeys & { at: Date }> => {
  let at = new Date(Math.floor(startedAt.getTime() / 1000) * 1000);
  for (let i = 0; i < MAX_TRIES; i++) {
    const keys = backupKeys({
      jobSlug: run.job.slug,
      database,
      at,
      dumpExtension: run.source.adapter.dumpExtension,
      compression: run.job.compression,
      encrypted: run.encryption !== null,
    });
    // Claimed synchronously, before the await, so a concurrent database cannot take the same key.
    if (!run.usedKeys.has(keys.key)) {
      run.usedKeys.add(keys.key);
      const taken = await db.backup.findFirst({ where: { key: keys.key, destinationId: { in: run.destinations.map((d) => d.id) } }, select: { id: true } });
      if (!taken) return { ...keys, at };
    }
    at = new Date(at.getTime() + 1000);
  }
  throw new Error(`no free backup key for ${database} after ${MAX_TRIES} tries`);
};
