/** The notifiers with what the list shows: type, target summary, jobs using them, the last delivery. */
import { db } from "@/server/db";
import { listAdapterConfigs } from "../adapters/list-adapter-configs";

export type NotifierListItem = {
  id: string;
  name: string;
  adapterId: string;
  typeLabel: string;
  summary: string;
  usedBy: string[];
  lastDelivery: { status: string; event: string; at: string; error: string | null } | null;
};

/** Where messages go, from non-secret fields only (webhook URLs are secret). */
const summaryOf = (values: Record<string, unknown>): string => {
  const s = (k: string) => (typeof values[k] === "string" || typeof values[k] === "number" ? String(values[k]) : "");
  if (s("to")) return `${s("to")} via ${s("host")}:${s("port")}`;
  if (s("topic")) return `${s("serverUrl").replace(/^https?:\/\//, "")}/${s("topic")}`;
  if (s("chatId")) return `chat ${s("chatId")}${s("topicId") ? ` · topic ${s("topicId")}` : ""}`;
  if (s("serverUrl")) return s("serverUrl").replace(/^https?:\/\//, "");
  if (s("method")) return `${s("method")} request`;
  return "";
};

export const listNotifiers = async (): Promise<NotifierListItem[]> => {
  const configs = await listAdapterConfigs("notifier");
  const last = await Promise.all(
    configs.map((c) => db.notificationLog.findFirst({ where: { notifierId: c.id }, orderBy: { createdAt: "desc" }, select: { status: true, event: true, createdAt: true, error: true } })),
  );
  return configs.map((c, i) => {
    const l = last[i];
    return {
      id: c.id,
      name: c.name,
      adapterId: c.adapterId,
      typeLabel: c.typeLabel,
      summary: summaryOf(c.values),
      usedBy: c.usedBy,
      lastDelivery: l ? { status: l.status, event: l.event, at: l.createdAt.toISOString(), error: l.error } : null,
    };
  });
};
