/** Who receives an event: the job's notifiers whose filter includes it, plus the system routes that do. */
import { db } from "@/server/db";
import { getSetting } from "../settings/get-settings";
import { parseJobEvents } from "./events";

export const resolveRecipients = async (eventType: string, jobId: string | null): Promise<string[]> => {
  const ids = new Set<string>();
  if (jobId) {
    const rows = await db.jobNotifier.findMany({ where: { jobId }, select: { notifierId: true, events: true } });
    for (const r of rows) if ((parseJobEvents(r.events) as string[]).includes(eventType)) ids.add(r.notifierId);
  }
  for (const route of await getSetting("notifications.systemRoutes")) {
    if ((route.events as string[]).includes(eventType)) ids.add(route.notifierId);
  }
  return [...ids];
};
