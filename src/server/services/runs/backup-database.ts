/**
 * One database of a run, start to end: keys → writers (step 3) → one streaming pass (step 4) →
 * commit + manifest + record on every destination that took all of it (step 5). Never throws: the
 * outcome, good or bad, is the returned DatabaseResult.
 */
import { assertDatabaseName } from "@/adapters/sources/database-name";
import type { AdapterContext } from "@/adapters/types";
import { formatBytes } from "@/lib/backup/format-bytes";
import { buildManifest } from "@/lib/backup/manifest";
import { type DatabaseResult, type DestinationResult, databaseStatus } from "@/lib/backup/run-status";
import { BUNKER_VERSION } from "@/lib/version";
import { withAdapterContext } from "../adapters/with-adapter-context";
import { chooseBackupKeys } from "./choose-backup-keys";
import { type RunContext, errorMessage } from "./run-context";
import { countTables } from "./table-counts";
import { abortWriters, openWriters, type OpenWriter } from "./steps/03-open-writers";
import { streamDump } from "./steps/04-stream-dump";
import { publishBackups } from "./steps/05-publish-backups";

/** In the job's destination order */
const ordered = (run: RunContext, results: DestinationResult[]): DestinationResult[] =>
  run.destinations.map((d) => results.find((r) => r.id === d.id) ?? { id: d.id, name: d.name, status: "aborted" });

const aborted = (run: RunContext, only?: readonly OpenWriter[]): DestinationResult[] =>
  (only ? only.map((w) => w.destination) : run.destinations).map((d) => ({ id: d.id, name: d.name, status: "aborted" as const }));

export const backupDatabase = async (run: RunContext, database: string, index: number, total: number): Promise<DatabaseResult> => {
  const counters = run.progress.track();
  const result = (destinations: DestinationResult[], error?: string): DatabaseResult => {
    const status = databaseStatus(destinations, run.signal.aborted);
    return {
      name: database,
      status,
      bytesRead: counters.read,
      bytesStored: destinations.some((d) => d.status === "ok") ? counters.stored : 0,
      ...(error ? { error } : {}),
      destinations: ordered(run, destinations),
    };
  };

  if (run.signal.aborted) return result(aborted(run), "not started: the run was stopped");
  try {
    assertDatabaseName(database);
  } catch (e) {
    run.log("error", `${database.slice(0, 80)}: ${errorMessage(e)}`);
    return result(aborted(run), errorMessage(e));
  }

  try {
    const startedAt = new Date();
    const { key, manifestKey } = await chooseBackupKeys(run, database, startedAt);
    run.progress.setStep(total > 1 ? `dumping ${database} (${index + 1}/${total})` : `dumping ${database}`);
    run.log("info", `dumping ${database}`);

    let opened: OpenWriter[] = [];
    const pass = async (ctx: AdapterContext): Promise<DatabaseResult> => {
      // Before the writers open: a slow count must not leave an upload or an SFTP session idle.
      const tableCounts = await countTables(run, database, ctx);
      const w = await openWriters(run, key, ctx);
      opened = w.opened;
      const failed = w.failed;
      const failedOpen: DestinationResult[] = failed.map((f) => ({ id: f.destination.id, name: f.destination.name, status: "failed", error: f.error }));
      if (opened.length === 0) {
        const error = "no destination could be opened";
        run.log("error", `${database}: ${error}`);
        return result(failedOpen, error);
      }

      const streamed = await streamDump(run, database, opened, counters, ctx);
      if (!streamed.ok) {
        await abortWriters(run, opened, streamed.error);
        if (streamed.aborted) {
          run.log("warn", `${database}: stopped, nothing stored`);
          return result([...failedOpen, ...aborted(run, opened)], "stopped before it finished");
        }
        run.log("error", `${database}: ${streamed.error}`);
        return result([...failedOpen, ...aborted(run, opened)], streamed.error);
      }

      const complete: OpenWriter[] = [];
      const dropped: DestinationResult[] = [];
      streamed.outcomes.forEach((o, i) => {
        const w = opened[i] as OpenWriter;
        if (o.ok) complete.push(w);
        else dropped.push({ id: w.destination.id, name: w.destination.name, status: "failed", error: errorMessage(o.error) });
      });
      for (const d of dropped) run.log("error", `${database}: ${d.name} failed during the upload: ${d.error}`);
      await abortWriters(run, opened.filter((w) => !complete.includes(w)));

      run.log(
        "info",
        `${database}: ${formatBytes(streamed.rawBytes)} read, ${formatBytes(streamed.storedBytes)} stored, sha256 ${streamed.sha256}`,
      );
      if (run.signal.aborted) {
        await abortWriters(run, complete);
        run.log("warn", `${database}: stopped before it was committed, nothing stored`);
        return result([...failedOpen, ...dropped, ...aborted(run, complete)], "stopped before it was committed");
      }

      const manifest = buildManifest({
        bunkerVersion: BUNKER_VERSION,
        job: { id: run.job.id, name: run.job.name, slug: run.job.slug },
        source: { engine: run.source.engine, adapterId: run.source.adapterId, serverVersion: streamed.serverVersion, toolVersion: streamed.toolVersion },
        database,
        key,
        startedAt,
        finishedAt: new Date(),
        rawBytes: streamed.rawBytes,
        storedBytes: streamed.storedBytes,
        sha256: streamed.sha256,
        compression: { algorithm: run.job.compression, level: run.job.compressionLevel },
        recipients: run.encryption ? [run.encryption.recipient] : null,
      });
      run.progress.setStep(`storing ${database}`);
      // Once committing has begun it runs to its end (a cancel now would only leave orphans half-removed).
      const published = await publishBackups(run, complete, { database, key, manifestKey, manifest, storedBytes: streamed.storedBytes, tableCounts }, { ...ctx, signal: undefined });
      return result([...failedOpen, ...dropped, ...published]);
    };

    return await withAdapterContext(async (base) => {
      const ctx = { ...base, log: run.log };
      try {
        return await pass(ctx);
      } catch (e) {
        // Whatever was left open must not become visible (abort() never removes committed data).
        await abortWriters(run, opened);
        throw e;
      }
    }, run.signal);
  } catch (e) {
    // A bug or the app database: this database fails, the run goes on.
    const error = `unexpected error: ${errorMessage(e)}`;
    run.log("error", `${database}: ${error}`);
    return result(aborted(run), error);
  }
};
