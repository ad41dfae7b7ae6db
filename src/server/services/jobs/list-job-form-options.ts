import { db } from "@/server/db";
import { getSettings } from "../settings/get-settings";
import { ADAPTER_REF_SELECT, type JobAdapterRef, toAdapterRef } from "./job-dto";

export type JobFormOptions = {
  sources: JobAdapterRef[];
  destinations: JobAdapterRef[];
  notifiers: JobAdapterRef[];
  encryptionProfiles: { id: string; name: string }[];
  /** The system time zone schedules run in */
  timeZone: string;
  /** The runs.timeoutMinutes setting: a job without its own limit uses it */
  defaultTimeoutMinutes: number;
};

/** What the job form offers: every source, destination, notifier and encryption profile, by name. */
export const listJobFormOptions = async (): Promise<JobFormOptions> => {
  const [adapters, profiles, settings] = await Promise.all([
    db.adapterConfig.findMany({ where: { kind: { in: ["source", "destination", "notifier"] } }, select: ADAPTER_REF_SELECT, orderBy: { name: "asc" } }),
    db.encryptionProfile.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
    getSettings(),
  ]);
  return {
    sources: adapters.filter((a) => a.kind === "source").map(toAdapterRef),
    destinations: adapters.filter((a) => a.kind === "destination").map(toAdapterRef),
    notifiers: adapters.filter((a) => a.kind === "notifier").map(toAdapterRef),
    encryptionProfiles: profiles,
    timeZone: settings["system.timezone"],
    defaultTimeoutMinutes: settings["runs.timeoutMinutes"],
  };
};
