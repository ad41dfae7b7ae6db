import { z } from "zod";
import { NOTIFICATION_EVENTS } from "@/adapters/notifiers/types";
import { ZSystemRoute } from "./events";

export const ZNotificationSettings = z.object({
  systemRoutes: z.array(ZSystemRoute).max(50),
  missingBackupHours: z.coerce.number().int("Whole hours").min(1, "At least 1 hour").max(24 * 14, "At most 14 days"),
});
export type TNotificationSettings = z.infer<typeof ZNotificationSettings>;

export const DELIVERY_STATUSES = ["pending", "sent", "failed"] as const;

export const ZDeliveryFilter = z.object({
  status: z.enum(DELIVERY_STATUSES).optional().catch(undefined),
  event: z.enum(NOTIFICATION_EVENTS).optional().catch(undefined),
  notifierId: z.string().max(64).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
});
export type TDeliveryFilter = z.infer<typeof ZDeliveryFilter>;
