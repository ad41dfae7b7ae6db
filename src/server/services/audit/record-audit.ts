import { db } from "@/server/db";
import { log } from "@/lib/logger";
import { redact } from "@/lib/redact";
import type { Actor } from "./audit-context";

export type RecordAuditOptions = {
  actor: Actor | null;
  action: string;
  resourceType?: string;
  resourceId?: string | null;
  outcome?: "success" | "failure";
  before?: unknown;
  after?: unknown;
  details?: unknown;
  /** For failures without a signed-in actor (e.g. a wrong password): who was attempted */
  actorEmail?: string | null;
  ip?: string | null;
  userAgent?: string | null;
};

/** Snapshots go to the audit log with anything secret-looking replaced, never the value. */
export const redactSnapshot = (value: unknown): unknown => redact(value);

const json = (v: unknown): string | null => (v === undefined ? null : JSON.stringify(redact(v)));

/** Appends one audit row. An audit failure is logged, never thrown into the caller's use case. */
export const recordAudit = async (o: RecordAuditOptions): Promise<void> => {
  const user = o.actor?.kind === "user" ? o.actor : null;
  try {
    await db.auditLog.create({
      data: {
        userId: user?.userId ?? null,
        actorEmail: user?.email ?? o.actorEmail ?? (o.actor?.kind === "system" ? "system" : null),
        action: o.action,
        resourceType: o.resourceType ?? null,
        resourceId: o.resourceId ?? null,
        outcome: o.outcome ?? "success",
        ip: user?.ip ?? o.ip ?? null,
        userAgent: user?.userAgent ?? o.userAgent ?? null,
        before: json(o.before),
        after: json(o.after),
        details: json(o.details),
      },
    });
  } catch (e) {
    log.error("audit write failed", { action: o.action, error: e });
  }
};
