/** Each system task's enabled flag and last result, stored as SystemSetting rows (task.<id>.enabled / .lastResult). */
import { z } from "zod";
import { db } from "@/server/db";

export type TaskLastResult = { at: string; ok: boolean; summary: string; durationMs: number };

const ZLastResult = z.object({ at: z.string(), ok: z.boolean(), summary: z.string(), durationMs: z.number() });

export const enabledKey = (id: string) => `task.${id}.enabled`;
export const lastResultKey = (id: string) => `task.${id}.lastResult`;

const readJson = (value: string | undefined): unknown => {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
};

const upsert = async (key: string, value: unknown) => {
  const json = JSON.stringify(value);
  await db.systemSetting.upsert({ where: { key }, create: { key, value: json }, update: { value: json } });
};

/** Missing or unreadable → enabled. */
export const isTaskEnabled = async (id: string): Promise<boolean> => {
  const row = await db.systemSetting.findUnique({ where: { key: enabledKey(id) } });
  return readJson(row?.value) !== false;
};

export const setTaskEnabledFlag = async (id: string, enabled: boolean): Promise<void> => upsert(enabledKey(id), enabled);

export const recordTaskResult = async (id: string, result: TaskLastResult): Promise<void> => upsert(lastResultKey(id), result);

/** Enabled flags and last results of the given tasks, in one query. */
export const readTaskStates = async (ids: readonly string[]): Promise<Map<string, { enabled: boolean; lastResult: TaskLastResult | null }>> => {
  const rows = await db.systemSetting.findMany({ where: { key: { in: ids.flatMap((id) => [enabledKey(id), lastResultKey(id)]) } } });
  const byKey = new Map(rows.map((r) => [r.key, r.value]));
  return new Map(
    ids.map((id) => {
      const parsed = ZLastResult.safeParse(readJson(byKey.get(lastResultKey(id))));
      return [id, { enabled: readJson(byKey.get(enabledKey(id))) !== false, lastResult: parsed.success ? parsed.data : null }];
    }),
  );
};
