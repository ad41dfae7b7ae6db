import { createTar } from "@/lib/archive/tar";
import { BUNKER_VERSION } from "@/lib/version";
import type { Actor } from "../audit/audit-context";
import { getProfileIdentity } from "./get-profile-identity";
import { formatIdentityFile } from "./identity-file";
import { buildRecoveryReadme, recoveryKitFileNames } from "./recovery-kit";

export type RecoveryKit = { fileName: string; contentType: string; bytes: Buffer };

/** A tar with the key file (age-keygen format, mode 0600) and a README to restore without Bunker. */
export const exportRecoveryKit = async ({ profileId, actor, now = new Date() }: { profileId: string; actor: Actor; now?: Date }): Promise<RecoveryKit> => {
  const { profile, identity } = await getProfileIdentity({ profileId, actor });
  const names = recoveryKitFileNames(profile.name);
  const readme = buildRecoveryReadme({
    profileName: profile.name,
    recipient: profile.recipient,
    profileCreatedAt: profile.createdAt,
    generatedAt: now,
    bunkerVersion: BUNKER_VERSION,
  });
  const keyFile = formatIdentityFile({ identity, recipient: profile.recipient, createdAt: profile.createdAt });
  const bytes = createTar([
    { name: names.readme, content: readme, mode: 0o644, mtime: now },
    { name: names.keyFile, content: keyFile, mode: 0o600, mtime: now },
  ]);
  return { fileName: names.archive, contentType: "application/x-tar", bytes };
};
