import { db } from "@/server/db";

export type Overview = {
  counts: { sources: number; destinations: number; encryptionProfiles: number; jobs: number; users: number };
};

/** What the set-up checklist needs: how many of each thing exist. */
export const getOverview = async (): Promise<Overview> => {
  const [sources, destinations, encryptionProfiles, jobs, users] = await Promise.all([
    db.adapterConfig.count({ where: { kind: "source" } }),
    db.adapterConfig.count({ where: { kind: "destination" } }),
    db.encryptionProfile.count(),
    db.job.count(),
    db.user.count(),
  ]);
  return { counts: { sources, destinations, encryptionProfiles, jobs, users } };
};
