/** The insert shared by create and import: seal the identity under the row's own context, map conflicts. */
import { randomUUID } from "node:crypto";
import { db } from "@/server/db";
import { AppError, isUniqueViolation } from "@/server/errors";
import { seal } from "@/server/secrets";
import { identityContext, PROFILE_DTO_SELECT, type ProfileDto, toProfileDto } from "./profile-dto";

const nameTaken = (name: string) =>
  new AppError("CONFLICT", `A profile named "${name}" already exists.`, { fieldErrors: { name: ["Already in use"] } });

export const assertNameFree = async (name: string, exceptId?: string): Promise<void> => {
  const other = await db.encryptionProfile.findUnique({ where: { name }, select: { id: true } });
  if (other && other.id !== exceptId) throw nameTaken(name);
};

export const insertProfile = async (p: { name: string; description: string | null; identity: string; recipient: string }): Promise<ProfileDto> => {
  await assertNameFree(p.name);
  const same = await db.encryptionProfile.findUnique({ where: { recipient: p.recipient }, select: { name: true } });
  if (same) {
    const message = `This key is already in the vault as "${same.name}".`;
    throw new AppError("CONFLICT", message, { fieldErrors: { identity: [message] } });
  }
  const id = randomUUID();
  try {
    const row = await db.encryptionProfile.create({
      data: { id, name: p.name, description: p.description, recipient: p.recipient, identity: seal(p.identity, identityContext(id)) },
      select: PROFILE_DTO_SELECT,
    });
    return toProfileDto(row);
  } catch (e) {
    // Lost a race with another insert of the same name or key.
    if (isUniqueViolation(e)) throw new AppError("CONFLICT", `A profile named "${p.name}" or with this key already exists.`);
    throw e;
  }
};
