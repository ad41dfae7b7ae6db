/** A Gotify POST /message: title, markdown message, priority, and a click URL in the extras. */
import { clip, textLines } from "../message-text";
import type { NotificationMessage } from "../types";
import { trimSlash } from "../fields";
import type { GotifyConfig } from "./config";

export const gotifyUrl = (c: GotifyConfig) => `${trimSlash(c.serverUrl)}/message`;

export const gotifyBody = (c: GotifyConfig, m: NotificationMessage) => ({
  title: clip(m.title, 250),
  message: clip(textLines(m).join("  \n"), 8000),
  priority: m.severity === "error" || m.severity === "warning" ? Math.max(8, c.priority) : c.priority,
  extras: {
    "client::display": { contentType: "text/markdown" },
    ...(m.url ? { "client::notification": { click: { url: m.url } } } : {}),
  },
});
