import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { isAppError } from "@/server/errors";
import { deleteSetting } from "@/server/services/settings/delete-setting";
import { getSetting, getSettings } from "@/server/services/settings/get-settings";
import { listSettings } from "@/server/services/settings/list-settings";
import { ZPageSettings } from "@/server/services/settings/settings-form.schema";
import { DEFAULT_SETTINGS } from "@/server/services/settings/settings.schema";
import { upsertSetting } from "@/server/services/settings/upsert-setting";
import { resetDb } from "./helpers/db";

const USER = { kind: "user" as const, userId: "u-1", email: "admin@example.test" };

const codeOf = async (p: Promise<unknown>) => {
  const e = await p.then(() => null, (x: unknown) => x);
  if (!isAppError(e)) throw new Error(`expected an AppError, got ${String(e)}`);
  return { code: e.code, fieldErrors: e.fieldErrors };
};

describe("settings service: list, get, upsert, delete", () => {
  beforeEach(async () => {
    await resetDb();
    await db.systemSetting.deleteMany();
  });

  it("lists every setting with its default when nothing is stored", async () => {
    const list = await listSettings();
    expect(list.find((s) => s.key === "instance.name")).toEqual({ key: "instance.name", value: "Bunker", defaultValue: "Bunker", isDefault: true, updatedAt: null });
    expect(list).toHaveLength(Object.keys(DEFAULT_SETTINGS).length);
  });

  it("upserts one validated value, audits it, and get/list return it", async () => {
    await upsertSetting({ key: "runs.timeoutMinutes", value: 90, actor: USER });
    expect(await getSetting("runs.timeoutMinutes")).toBe(90);
    const entry = (await listSettings()).find((s) => s.key === "runs.timeoutMinutes");
    expect(entry).toMatchObject({ value: 90, defaultValue: 360, isDefault: false });
    expect(entry?.updatedAt).toEqual(expect.any(String));
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "settings.update" } });
    expect(JSON.parse(audit.after ?? "{}")).toEqual({ "runs.timeoutMinutes": 90 });
  });

  it("rejects an invalid value or an unknown key, storing nothing", async () => {
    expect(await codeOf(upsertSetting({ key: "system.timezone", value: "Mars/Olympus", actor: USER }))).toMatchObject({
      code: "VALIDATION",
      fieldErrors: { "system.timezone": ["Unknown IANA time zone"] },
    });
    expect((await codeOf(upsertSetting({ key: "queue.maxConcurrentJobs", value: 0, actor: USER }))).code).toBe("VALIDATION");
    expect((await codeOf(upsertSetting({ key: "nope", value: 1, actor: USER }))).code).toBe("NOT_FOUND");
    expect(await db.systemSetting.count()).toBe(0);
  });

  it("delete puts a setting back to its default (and is a quiet no-op when nothing was stored)", async () => {
    await upsertSetting({ key: "security.trustedProxies", value: ["10.0.0.1", "172.16.0.0/12"], actor: USER });
    expect((await getSettings())["security.trustedProxies"]).toEqual(["10.0.0.1", "172.16.0.0/12"]);
    await deleteSetting({ key: "security.trustedProxies", actor: USER });
    expect(await getSetting("security.trustedProxies")).toEqual([]);
    expect(await db.auditLog.count({ where: { action: "settings.reset", resourceId: "security.trustedProxies" } })).toBe(1);
    await deleteSetting({ key: "security.trustedProxies", actor: USER });
    expect(await db.auditLog.count({ where: { action: "settings.reset" } })).toBe(1);
    expect((await codeOf(deleteSetting({ key: "nope", actor: USER }))).code).toBe("NOT_FOUND");
  });

  it("the page schema covers the instance settings and validates each", () => {
    const ok = ZPageSettings.safeParse({ ...DEFAULT_SETTINGS });
    expect(ok.success).toBe(true);
    const bad = ZPageSettings.safeParse({ ...DEFAULT_SETTINGS, "retention.auditDays": 0, "instance.name": " " });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join("."))).toEqual(expect.arrayContaining(["retention.auditDays", "instance.name"]));
  });

  it("never lists the metrics token hash", async () => {
    await db.systemSetting.create({ data: { key: "metrics.tokenHash", value: JSON.stringify("ab") } });
    expect((await listSettings()).map((s) => s.key)).not.toContain("metrics.tokenHash");
    expect(Object.keys(await getSettings())).not.toContain("metrics.tokenHash");
  });
});
