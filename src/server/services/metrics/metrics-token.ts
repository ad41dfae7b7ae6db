/**
 * The bearer token that lets Prometheus scrape /metrics. Generated here (32 random bytes), shown once,
 * and stored only as its SHA-256 (a high-entropy token needs no slow hash): nobody can read it back,
 * and a stolen database does not open /metrics. Kept outside SETTINGS_SHAPE so getSettings and
 * config export never carry it.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { db } from "@/server/db";
import type { Actor } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";

export const METRICS_TOKEN_KEY = "metrics.tokenHash";
const PREFIX = "bkm_";

const hashOf = (token: string): Buffer => createHash("sha256").update(token, "utf8").digest();

export type MetricsTokenStatus = { configured: boolean; updatedAt: string | null };

export const getMetricsTokenStatus = async (): Promise<MetricsTokenStatus> => {
  const row = await db.systemSetting.findUnique({ where: { key: METRICS_TOKEN_KEY }, select: { updatedAt: true } });
  return { configured: !!row, updatedAt: row?.updatedAt.toISOString() ?? null };
};

/** A new token replaces the old one at once; the plain token is returned this one time. */
export const rotateMetricsToken = async ({ actor }: { actor: Actor }): Promise<{ token: string }> => {
  const token = `${PREFIX}${randomBytes(32).toString("base64url")}`;
  const value = JSON.stringify(hashOf(token).toString("hex"));
  const existed = await db.systemSetting.findUnique({ where: { key: METRICS_TOKEN_KEY }, select: { key: true } });
  await db.systemSetting.upsert({ where: { key: METRICS_TOKEN_KEY }, create: { key: METRICS_TOKEN_KEY, value }, update: { value } });
  await recordAudit({ actor, action: existed ? "metrics.token_rotate" : "metrics.token_create", resourceType: "settings", resourceId: METRICS_TOKEN_KEY });
  return { token };
};

export const revokeMetricsToken = async ({ actor }: { actor: Actor }): Promise<void> => {
  const { count } = await db.systemSetting.deleteMany({ where: { key: METRICS_TOKEN_KEY } });
  if (count) await recordAudit({ actor, action: "metrics.token_revoke", resourceType: "settings", resourceId: METRICS_TOKEN_KEY });
};

/** Constant-time comparison of a presented token with the stored hash; false when none is stored. */
export const verifyMetricsToken = async (presented: string): Promise<boolean> => {
  const row = await db.systemSetting.findUnique({ where: { key: METRICS_TOKEN_KEY }, select: { value: true } });
  if (!row) return false;
  let stored: Buffer;
  try {
    stored = Buffer.from(JSON.parse(row.value) as string, "hex");
  } catch {
    return false;
  }
  const given = hashOf(presented);
  return stored.length === given.length && timingSafeEqual(stored, given);
};
