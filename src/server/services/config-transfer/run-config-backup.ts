/**
 * The scheduled self-backup: the encrypted configuration export (with secrets) written to the chosen
 * destination as `_bunker-config/<UTC timestamp>.json.age`, keeping the newest `configBackup.keep`.
 * The prefix starts with "_", outside the `<slug>/<YYYY-MM-DD>/<file>` shape orphan GC considers, and no
 * job slug can take it (slugs are [a-z0-9-]).
 */
import { utcTimestamp } from "@/lib/backup/keys";
import { db } from "@/server/db";
import { openDestination } from "../adapters/open-adapter";
import { withAdapterContext } from "../adapters/with-adapter-context";
import { SYSTEM_ACTOR } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { getSettings } from "../settings/get-settings";
import { exportCounts, renderConfigExport } from "./export-config";
import { readSelfBackupPassphrase } from "./self-backup-passphrase";

export const CONFIG_BACKUP_PREFIX = "_bunker-config/";
const FILE_PATTERN = /^_bunker-config\/\d{8}T\d{6}Z\.json\.age$/;

export const configBackupKey = (at: Date): string => `${CONFIG_BACKUP_PREFIX}${utcTimestamp(at)}.json.age`;

export type ConfigBackupOutcome = { ok: boolean; summary: string; key?: string; deleted?: string[] };

export const runConfigBackup = async (now = new Date()): Promise<ConfigBackupOutcome> => {
  const settings = await getSettings();
  const destinationId = settings["configBackup.destinationId"];
  if (!destinationId) return { ok: true, summary: "Off: no destination chosen (Configuration page)" };
  const row = await db.adapterConfig.findUnique({ where: { id: destinationId } });
  if (!row || row.kind !== "destination") return { ok: false, summary: "The self-backup destination no longer exists: choose another on the Configuration page" };
  const passphrase = await readSelfBackupPassphrase();
  if (!passphrase) return { ok: false, summary: "No self-backup passphrase set: set one on the Configuration page" };

  const file = await renderConfigExport(passphrase, now);
  const key = configBackupKey(now);
  const dest = await openDestination(row);
  const deleted: string[] = [];
  const errors: string[] = [];
  await withAdapterContext(async (ctx) => {
    const w = await dest.adapter.openWriter(dest.config, key, ctx);
    w.stream.on("error", () => undefined); // commit() reports it
    try {
      w.stream.end(Buffer.from(file.bytes));
      await w.commit();
    } catch (e) {
      await w.abort(e).catch(() => undefined);
      throw e;
    }
    const kept = (await dest.adapter.list(dest.config, CONFIG_BACKUP_PREFIX, ctx))
      .filter((o) => FILE_PATTERN.test(o.key))
      .sort((a, b) => b.key.localeCompare(a.key)); // timestamps sort as text, newest first
    for (const old of kept.slice(settings["configBackup.keep"])) {
      try {
        await dest.adapter.delete(dest.config, old.key, ctx);
        deleted.push(old.key);
      } catch (e) {
        errors.push(`could not delete ${old.key}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  });
  await recordAudit({
    actor: SYSTEM_ACTOR,
    action: "config.export",
    resourceType: "config",
    details: { contents: "with-secrets", scheduled: true, destination: row.name, key, deleted, counts: exportCounts(file.doc), errors },
  });
  const base = `Wrote ${key} to ${row.name}${deleted.length ? `, deleted ${deleted.length} older` : ""}`;
  return errors.length ? { ok: false, summary: `${base}; ${errors[0]}`, key, deleted } : { ok: true, summary: base, key, deleted };
};
