/** An ntfy JSON publish (POST to the server root): title, message, priority, tags (emoji), click link. */
import { clip, plainText } from "../message-text";
import type { NotificationMessage, Severity } from "../types";
import { trimSlash } from "../fields";
import type { NtfyConfig } from "./config";

const AUTO_PRIORITY: Record<Severity, number> = { error: 4, warning: 4, info: 3, success: 2 };
const TAGS: Record<Severity, string> = { error: "rotating_light", warning: "warning", info: "information_source", success: "white_check_mark" };

export const ntfyRequest = (c: NtfyConfig, m: NotificationMessage) => ({
  url: trimSlash(c.serverUrl),
  headers: (c.accessToken
    ? { authorization: `Bearer ${c.accessToken}` }
    : c.username && c.password
      ? { authorization: `Basic ${Buffer.from(`${c.username}:${c.password}`).toString("base64")}` }
      : {}) as Record<string, string>,
  body: {
    topic: c.topic,
    title: clip(m.title, 250),
    message: clip(plainText({ ...m, url: undefined }), 4000),
    priority: c.priority === "auto" ? AUTO_PRIORITY[m.severity] : Number(c.priority),
    tags: [TAGS[m.severity], "bunker"],
    ...(m.url ? { click: m.url } : {}),
  },
});
