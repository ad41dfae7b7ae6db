import type { Prisma } from "@/generated/prisma/client";

/** What the UI and API see of an encryption profile: the public key and its usage, never the identity. */
export const PROFILE_DTO_SELECT = {
  id: true,
  name: true,
  description: true,
  recipient: true,
  createdAt: true,
  jobs: { select: { name: true }, orderBy: { name: "asc" } },
  _count: { select: { jobs: true, backups: true } },
} satisfies Prisma.EncryptionProfileSelect;

type ProfileRow = Prisma.EncryptionProfileGetPayload<{ select: typeof PROFILE_DTO_SELECT }>;

export type ProfileDto = {
  id: string;
  name: string;
  description: string | null;
  /** The public key, `age1…` */
  recipient: string;
  createdAt: Date;
  jobCount: number;
  backupCount: number;
  /** Names of the jobs that encrypt with this profile, for "used by" messages */
  jobNames: string[];
};

export const toProfileDto = (row: ProfileRow): ProfileDto => ({
  id: row.id,
  name: row.name,
  description: row.description,
  recipient: row.recipient,
  createdAt: row.createdAt,
  jobCount: row._count.jobs,
  backupCount: row._count.backups,
  jobNames: row.jobs.map((j) => j.name),
});

/** The audit snapshot: public facts only. */
export const auditableProfile = (p: { name: string; description: string | null; recipient: string }) => ({
  name: p.name,
  description: p.description,
  recipient: p.recipient,
});

/** The sealing context binds a stored identity to its own row. */
export const identityContext = (profileId: string): string => `profile:${profileId}:identity`;
