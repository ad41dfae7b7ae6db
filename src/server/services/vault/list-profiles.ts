import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { PROFILE_DTO_SELECT, type ProfileDto, toProfileDto } from "./profile-dto";

export const listProfiles = async (): Promise<ProfileDto[]> =>
  (await db.encryptionProfile.findMany({ select: PROFILE_DTO_SELECT, orderBy: [{ createdAt: "asc" }, { name: "asc" }] })).map(toProfileDto);

export const getProfile = async (profileId: string): Promise<ProfileDto> => {
  const row = await db.encryptionProfile.findUnique({ where: { id: profileId }, select: PROFILE_DTO_SELECT });
  if (!row) throw new AppError("NOT_FOUND", "That encryption profile does not exist.");
  return toProfileDto(row);
};
