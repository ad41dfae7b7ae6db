import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { Actor } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { auditableProfile } from "./profile-dto";

export type DeleteProfileOptions = { profileId: string; actor: Actor };

const SHOWN_BACKUPS = 3;

const list = (names: string[]): string => (names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The P2003 foreign-key violation: a job started using the profile between the check and the delete. */
const isForeignKeyViolation = (e: unknown): boolean => typeof e === "object" && e !== null && (e as { code?: unknown }).code === "P2003";

/**
 * Refused while any job encrypts with the profile or any backup Bunker knows was encrypted with it:
 * without the key those backups could never be decrypted again.
 */
export const deleteProfile = async ({ profileId, actor }: DeleteProfileOptions): Promise<void> => {
  try {
    const removed = await db.$transaction(async (tx) => {
      const p = await tx.encryptionProfile.findUnique({
        where: { id: profileId },
        select: { id: true, name: true, description: true, recipient: true, jobs: { select: { name: true }, orderBy: { name: "asc" } }, _count: { select: { backups: true } } },
      });
      if (!p) throw new AppError("NOT_FOUND", "That encryption profile does not exist.");
      const reasons: string[] = [];
      if (p.jobs.length) {
        const jobs = p.jobs.map((j) => `"${j.name}"`);
        reasons.push(`it is used by ${p.jobs.length === 1 ? "the job" : "the jobs"} ${list(jobs)}: pick another encryption profile for ${p.jobs.length === 1 ? "it" : "them"} or delete ${p.jobs.length === 1 ? "it" : "them"} first`);
      }
      const backups = p._count.backups;
      if (backups) {
        const shown = await tx.backup.findMany({ where: { encryptionProfileId: profileId }, select: { key: true }, orderBy: { createdAt: "desc" }, take: SHOWN_BACKUPS });
        const more = backups - shown.length;
        const keys = shown.map((b) => b.key).join(", ") + (more > 0 ? ` and ${plural(more, "more")}` : "");
        reasons.push(`${plural(backups, "backup")} Bunker keeps ${backups === 1 ? "was" : "were"} encrypted with it (${keys}): without the key ${backups === 1 ? "it" : "they"} could never be decrypted, so delete ${backups === 1 ? "that backup" : "those backups"} first`);
      }
      if (reasons.length) throw new AppError("CONFLICT", `"${p.name}" cannot be deleted: ${reasons.join("; and ")}.`);
      await tx.encryptionProfile.delete({ where: { id: profileId } });
      return p;
    });
    await recordAudit({ actor, action: "vault.delete", resourceType: "encryptionProfile", resourceId: profileId, before: auditableProfile(removed) });
  } catch (e) {
    if (isForeignKeyViolation(e)) throw new AppError("CONFLICT", "That encryption profile was just put to use by a job. Reload the page to see where.");
    throw e;
  }
};
