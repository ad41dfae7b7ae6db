import { db } from "@/server/db";
import { AppError, isUniqueViolation } from "@/server/errors";
import type { Actor } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { auditableProfile, PROFILE_DTO_SELECT, type ProfileDto, toProfileDto } from "./profile-dto";
import { assertNameFree } from "./save-profile";
import type { TRenameProfile } from "./vault.schema";

export type RenameProfileOptions = { data: TRenameProfile; actor: Actor };

/** Name and description only: the key of a profile never changes. */
export const renameProfile = async ({ data, actor }: RenameProfileOptions): Promise<ProfileDto> => {
  const before = await db.encryptionProfile.findUnique({ where: { id: data.profileId }, select: PROFILE_DTO_SELECT });
  if (!before) throw new AppError("NOT_FOUND", "That encryption profile does not exist.");
  await assertNameFree(data.name, data.profileId);
  try {
    const after = toProfileDto(
      await db.encryptionProfile.update({ where: { id: data.profileId }, data: { name: data.name, description: data.description }, select: PROFILE_DTO_SELECT }),
    );
    await recordAudit({
      actor,
      action: "vault.update",
      resourceType: "encryptionProfile",
      resourceId: data.profileId,
      before: auditableProfile(before),
      after: auditableProfile(after),
    });
    return after;
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("CONFLICT", `A profile named "${data.name}" already exists.`, { fieldErrors: { name: ["Already in use"] } });
    throw e;
  }
};
