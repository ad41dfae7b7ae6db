import { db } from "@/server/db";
import { AppError, isUniqueViolation } from "@/server/errors";
import type { Actor } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import type { TUpdateProfile } from "./profile.schema";

export const updateProfile = async ({ userId, data, actor }: { userId: string; data: TUpdateProfile; actor: Actor }) => {
  const before = await db.user.findUnique({ where: { id: userId }, select: { name: true, email: true } });
  if (!before) throw new AppError("NOT_FOUND", "Your account no longer exists.");
  try {
    const after = await db.user.update({ where: { id: userId }, data: { name: data.name, email: data.email }, select: { name: true, email: true } });
    await recordAudit({ actor, action: "profile.update", resourceType: "user", resourceId: userId, before, after });
    return after;
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("CONFLICT", `Another account already uses ${data.email}.`, { fieldErrors: { email: ["Already in use"] } });
    throw e;
  }
};
