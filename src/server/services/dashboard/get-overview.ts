import { db } from "@/server/db";

export type Overview = {
  counts: { sources: number; destinations: number; encryptionProfiles: number; jobs: number; users: number };
  recentActivity: { id: string; createdAt: string; actorEmail: string | null; action: string; outcome: string }[];
};

/** The dashboard's numbers. Activity is everyone's for auditors, the caller's own otherwise. */
export const getOverview = async ({ userId, canReadAudit }: { userId: string; canReadAudit: boolean }): Promise<Overview> => {
  const [sources, destinations, encryptionProfiles, jobs, users, recent] = await Promise.all([
    db.adapterConfig.count({ where: { kind: "source" } }),
    db.adapterConfig.count({ where: { kind: "destination" } }),
    db.encryptionProfile.count(),
    db.job.count(),
    db.user.count(),
    db.auditLog.findMany({
      where: canReadAudit ? {} : { userId },
      orderBy: { createdAt: "desc" },
      take: 8,
      select: { id: true, createdAt: true, actorEmail: true, action: true, outcome: true },
    }),
  ]);
  return {
    counts: { sources, destinations, encryptionProfiles, jobs, users },
    recentActivity: recent.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
  };
};
