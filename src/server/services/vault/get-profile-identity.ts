import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { unseal } from "@/server/secrets";
import type { Actor } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { identityContext, PROFILE_DTO_SELECT, type ProfileDto, toProfileDto } from "./profile-dto";

export type GetProfileIdentityOptions = { profileId: string; actor: Actor };

/**
 * The one way a profile's secret key leaves the vault (for its recovery kit). Every call is audited as
 * vault.export with the profile id; the key itself is never logged or audited.
 */
export const getProfileIdentity = async ({ profileId, actor }: GetProfileIdentityOptions): Promise<{ profile: ProfileDto; identity: string }> => {
  const row = await db.encryptionProfile.findUnique({ where: { id: profileId }, select: { ...PROFILE_DTO_SELECT, identity: true } });
  if (!row) throw new AppError("NOT_FOUND", "That encryption profile does not exist.");
  const profile = toProfileDto(row);
  const audit = { actor, action: "vault.export", resourceType: "encryptionProfile", resourceId: profileId } as const;
  let identity: string;
  try {
    identity = unseal(row.identity, identityContext(profileId));
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    await recordAudit({ ...audit, outcome: "failure", details: { name: profile.name, reason } });
    throw new AppError("PRECONDITION_FAILED", `The secret key of "${profile.name}" cannot be opened with this instance's ENCRYPTION_KEY: ${reason}.`, { cause: e });
  }
  await recordAudit({ ...audit, details: { name: profile.name, recipient: profile.recipient } });
  return { profile, identity };
};
