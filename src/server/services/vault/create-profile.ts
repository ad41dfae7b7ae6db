import { generateAgeKeyPair } from "@/lib/crypto/age";
import type { Actor } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { auditableProfile, type ProfileDto } from "./profile-dto";
import { insertProfile } from "./save-profile";
import type { TCreateProfile } from "./vault.schema";

export type CreateProfileOptions = { data: TCreateProfile; actor: Actor };

/** A fresh age X25519 key pair; the identity is sealed at rest and never leaves except in a recovery kit. */
export const createProfile = async ({ data, actor }: CreateProfileOptions): Promise<ProfileDto> => {
  const { identity, recipient } = await generateAgeKeyPair();
  const profile = await insertProfile({ name: data.name, description: data.description, identity, recipient });
  await recordAudit({ actor, action: "vault.create", resourceType: "encryptionProfile", resourceId: profile.id, after: auditableProfile(profile) });
  return profile;
};
