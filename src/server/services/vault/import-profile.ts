import type { Actor } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { parseIdentityFile } from "./identity-file";
import { auditableProfile, type ProfileDto } from "./profile-dto";
import { insertProfile } from "./save-profile";
import type { TImportProfile } from "./vault.schema";

export type ImportProfileOptions = { data: TImportProfile; actor: Actor };

/**
 * An existing age key, pasted as its AGE-SECRET-KEY-1… line or as the whole age-keygen file. A public
 * key alone is refused: it could encrypt new backups, but Bunker could never verify or restore them.
 */
export const importProfile = async ({ data, actor }: ImportProfileOptions): Promise<ProfileDto> => {
  const { identity, recipient } = await parseIdentityFile(data.identity);
  const profile = await insertProfile({ name: data.name, description: data.description, identity, recipient });
  await recordAudit({ actor, action: "vault.import", resourceType: "encryptionProfile", resourceId: profile.id, after: auditableProfile(profile) });
  return profile;
};
