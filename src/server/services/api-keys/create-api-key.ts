import { auth } from "@/server/auth/auth";
import { AppError } from "@/server/errors";
import type { Grant } from "@/server/rbac/permissions";
import type { Actor } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { grantedPermissions, toStatements } from "./api-key-permissions";
import type { TCreateApiKey } from "./api-keys.schema";

export type CreateApiKeyOptions = { userId: string; grant: Grant; data: TCreateApiKey; actor: Actor };

/**
 * A key never carries a permission its creator lacks. The plain key is returned once, here; only its
 * hash is stored.
 */
export const createApiKey = async ({ userId, grant, data, actor }: CreateApiKeyOptions): Promise<{ id: string; key: string; expiresAt: Date | null }> => {
  const mine = new Set(grantedPermissions(grant));
  const wider = data.permissions.filter((p) => !mine.has(p));
  if (wider.length) {
    await recordAudit({ actor, action: "apikey.create", resourceType: "apikey", outcome: "failure", details: { name: data.name, refused: wider } });
    throw new AppError("FORBIDDEN", `A key cannot have permissions you do not have: ${wider.join(", ")}.`, { fieldErrors: { permissions: [`Not yours: ${wider.join(", ")}`] } });
  }
  const created = await auth().api.createApiKey({
    body: {
      userId,
      name: data.name,
      permissions: toStatements(data.permissions),
      expiresIn: data.expiresInDays ? data.expiresInDays * 86_400 : null,
    },
  });
  const expiresAt = created.expiresAt ? new Date(created.expiresAt) : null;
  await recordAudit({
    actor,
    action: "apikey.create",
    resourceType: "apikey",
    resourceId: created.id,
    after: { name: data.name, permissions: data.permissions, expiresAt: expiresAt?.toISOString() ?? null },
  });
  return { id: created.id, key: created.key, expiresAt };
};
