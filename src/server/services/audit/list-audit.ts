import { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/server/db";

export const ZAuditQuery = z.object({
  action: z.string().trim().max(100).optional(),
  actor: z.string().trim().max(320).optional(),
  outcome: z.enum(["success", "failure"]).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(10).max(200).default(50),
});
export type TAuditQuery = z.infer<typeof ZAuditQuery>;

export type AuditRow = {
  id: string;
  createdAt: string;
  actorEmail: string | null;
  action: string;
  resourceType: string | null;
  resourceId: string | null;
  outcome: string;
  ip: string | null;
  userAgent: string | null;
  before: string | null;
  after: string | null;
  details: string | null;
};

export const listAudit = async (q: TAuditQuery): Promise<{ rows: AuditRow[]; total: number; actions: string[] }> => {
  const where: Prisma.AuditLogWhereInput = {
    ...(q.action ? { action: q.action } : {}),
    ...(q.actor ? { actorEmail: { contains: q.actor.toLowerCase() } } : {}),
    ...(q.outcome ? { outcome: q.outcome } : {}),
    // "to" is a calendar day and includes all of it
    ...(q.from || q.to ? { createdAt: { ...(q.from ? { gte: q.from } : {}), ...(q.to ? { lt: new Date(q.to.getTime() + 86_400_000) } : {}) } } : {}),
  };
  const [rows, total, actions] = await Promise.all([
    db.auditLog.findMany({ where, orderBy: { createdAt: "desc" }, skip: (q.page - 1) * q.pageSize, take: q.pageSize }),
    db.auditLog.count({ where }),
    db.auditLog.findMany({ distinct: ["action"], select: { action: true }, orderBy: { action: "asc" } }),
  ]);
  return {
    rows: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
    total,
    actions: actions.map((a) => a.action),
  };
};
