/**
 * A drill cut off by kill -9 mid-restore leaves its scratch database behind; the next boot's sweep drops
 * it, because the drill wrote the name down before it created it. Names nobody recorded are never touched:
 * a look-alike bunker_drill_ database (another Bunker's running drill) survives the sweep.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZDrillSettings } from "@/lib/drills/settings";
import { db } from "@/server/db";
import { INTERRUPTED_ERROR, recoverInterruptedRuns } from "@/server/runs/recover-interrupted-runs";
import { deleteAdapterConfig } from "@/server/services/adapters/delete-adapter-config";
import { SYSTEM_ACTOR } from "@/server/services/audit/audit-context";
import { scratchEntries, sweepLeftoverScratch } from "@/server/services/drills/scratch-journal";
import { makeDestination, makeJob, makeSource, pgConfig, resetEngineDb, servicesAvailable, unique } from "./engine/fixtures";
import { alive, descendants, spawnChildRun, waitFor } from "./helpers/child-process";
import { backUp, pgDrop, pgExists, psql } from "./restore-helpers";

const run = servicesAvailable("postgres");

(run ? describe : describe.skip)("drill crash: the scratch database is dropped at the next boot", () => {
  const src = `drcrash_${unique()}`;
  const lookalike = `bunker_drill_${unique().slice(-6).padStart(12, "0")}`;
  let dir = "";
  const spawned: ChildProcess[] = [];

  beforeAll(async () => {
    await resetEngineDb();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "bk-drcrash-"));
    psql("postgres", `CREATE DATABASE ${src}`);
    // Big enough that the restore is still under way when the child is killed.
    psql(src, "CREATE TABLE big AS SELECT g AS id, md5(g::text) || md5((g + 1)::text) AS payload FROM generate_series(1, 600000) g");
  }, 120_000);

  afterAll(() => {
    for (const c of spawned) if (c.pid && alive(c.pid)) process.kill(c.pid, "SIGKILL");
    pgDrop(src);
    pgDrop(lookalike);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("kill -9 mid-restore → Failed (interrupted), scratch recorded as pending; the sweep drops it and only it", async () => {
    const pg = await makeSource("postgres", pgConfig());
    const local = await makeDestination("local", { path: path.join(dir, "local") });
    const job = await makeJob({ sourceId: pg.id, destinationIds: [local.id], databases: { mode: "pick", names: [src] }, compression: "none" });
    await db.job.update({ where: { id: job.id }, data: { drill: JSON.stringify(ZDrillSettings.parse({ enabled: true, schedule: { mode: "manual" }, targetSourceId: pg.id })) } });
    await backUp(job.id);
    psql("postgres", `CREATE DATABASE ${lookalike}`);

    const { child, executionId, exited } = await spawnChildRun("run-drill-child.ts", job.id);
    spawned.push(child);
    const scratch = await waitFor("the scratch database", async () => {
      const row = await db.execution.findUnique({ where: { id: executionId }, select: { metadata: true } });
      const name = scratchEntries(row?.metadata ?? null)[0]?.database;
      return name && pgExists(name) ? name : undefined;
    });
    await waitFor("pg_restore", () => (descendants(child.pid!).some((c) => c.comm === "pg_restore") ? true : undefined), 30_000);
    const tree = descendants(child.pid!);
    process.kill(child.pid!, "SIGKILL");
    for (const c of tree) if (alive(c.pid)) process.kill(c.pid, "SIGKILL");
    await exited;

    expect(pgExists(scratch)).toBe(true); // the crash did leave it behind
    expect((await recoverInterruptedRuns()).recovered).toBeGreaterThanOrEqual(1);
    const e = await db.execution.findUniqueOrThrow({ where: { id: executionId } });
    expect(e.status).toBe("Failed");
    expect(e.error).toContain(INTERRUPTED_ERROR);
    expect(scratchEntries(e.metadata)).toEqual([{ targetSourceId: pg.id, database: scratch, status: "pending" }]);

    const swept = await sweepLeftoverScratch();
    expect(swept).toEqual({ found: 1, dropped: 1, errors: [] });
    expect(pgExists(scratch)).toBe(false);
    expect(pgExists(lookalike)).toBe(true);
    const after = await db.execution.findUniqueOrThrow({ where: { id: executionId }, select: { metadata: true } });
    expect(scratchEntries(after.metadata)[0]?.status).toBe("dropped");
    // Nothing left to do: a second sweep finds nothing.
    expect(await sweepLeftoverScratch()).toEqual({ found: 0, dropped: 0, errors: [] });
  }, 240_000);

  it("a source cannot be deleted while a job drills on it or a drill's scratch database on it is still to be dropped", async () => {
    const target = await makeSource("postgres", pgConfig());
    const other = await makeSource("postgres", pgConfig());
    const job = await makeJob({ sourceId: other.id, destinationIds: [(await makeDestination("local", { path: path.join(dir, "del") })).id], databases: { mode: "all" } });
    await db.job.update({ where: { id: job.id }, data: { drill: JSON.stringify(ZDrillSettings.parse({ enabled: false, targetSourceId: target.id })) } });
    await expect(deleteAdapterConfig({ kind: "source", id: target.id, actor: SYSTEM_ACTOR })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/drill scratch target of the job/) });

    await db.job.update({ where: { id: job.id }, data: { drill: JSON.stringify(ZDrillSettings.parse({ enabled: false, targetSourceId: other.id })) } });
    const e = await db.execution.create({
      data: { type: "Drill", status: "Failed", trigger: "manual", metadata: JSON.stringify({ drill: { scratch: [{ targetSourceId: target.id, database: "bunker_drill_0000000beef0", status: "pending" }] } }) },
    });
    await expect(deleteAdapterConfig({ kind: "source", id: target.id, actor: SYSTEM_ACTOR })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/bunker_drill_0000000beef0 that Bunker could not drop yet/) });

    // The sweep drops it (DROP DATABASE IF EXISTS: it never existed), then the source may go.
    expect(await sweepLeftoverScratch()).toMatchObject({ dropped: 1, errors: [] });
    expect(scratchEntries((await db.execution.findUniqueOrThrow({ where: { id: e.id } })).metadata)[0]?.status).toBe("dropped");
    await deleteAdapterConfig({ kind: "source", id: target.id, actor: SYSTEM_ACTOR });
    expect(await db.adapterConfig.count({ where: { id: target.id } })).toBe(0);
  });

  it("a scratch target deleted behind Bunker's back (straight from the table): the entry becomes orphaned and is not retried", async () => {
    const pg = await makeSource("postgres", pgConfig());
    const e = await db.execution.create({
      data: {
        type: "Drill",
        status: "Failed",
        trigger: "manual",
        metadata: JSON.stringify({ drill: { trigger: "manual", scratch: [{ targetSourceId: pg.id, database: "bunker_drill_00000000dead", status: "pending" }] } }),
      },
    });
    await db.adapterConfig.delete({ where: { id: pg.id } });
    const swept = await sweepLeftoverScratch();
    expect(swept.found).toBe(1);
    expect(swept.errors[0]).toMatch(/does not exist/);
    const row = await db.execution.findUniqueOrThrow({ where: { id: e.id }, select: { metadata: true } });
    expect(scratchEntries(row.metadata)[0]?.status).toBe("orphaned");
    expect((await sweepLeftoverScratch()).found).toBe(0);
  });
});
