/**
 * NotificationLog.payload: the message (to send it again on a retry, also after a restart) and the
 * preview of what the channel receives. Neither holds a secret: the message is built from names and
 * numbers, and the preview is scrubbed by the adapter.
 */
import type { DeliveryPreview, NotificationMessage } from "@/adapters/notifiers/types";

export type StoredPayload = { message: NotificationMessage; preview: DeliveryPreview | null };

export const encodePayload = (p: StoredPayload): string => JSON.stringify(p);

export const decodePayload = (json: string | null): StoredPayload | null => {
  try {
    const v = JSON.parse(json ?? "null") as StoredPayload | null;
    return v && typeof v === "object" && v.message ? v : null;
  } catch {
    return null;
  }
};
