import type { HttpRequestSpec } from "../http-notifier";
import type { NotificationMessage } from "../types";
import type { WebhookConfig } from "./config";
import { defaultJsonBody, fillTemplate, jsonEscape, placeholderValues } from "./template";

export const parseHeaders = (text: string | undefined): Record<string, string> =>
  Object.fromEntries(
    (text ?? "")
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean)
      .map((l) => {
        const i = l.indexOf(":");
        return [l.slice(0, i).trim().toLowerCase(), l.slice(i + 1).trim()];
      }),
  );

export const webhookRequest = (c: WebhookConfig, m: NotificationMessage): HttpRequestSpec => {
  const values = placeholderValues(m);
  const url = fillTemplate(c.url, values, encodeURIComponent);
  const headers = parseHeaders(c.headers);
  if (c.method === "GET" || c.method === "HEAD") return { method: c.method, url, headers };
  const body = c.bodyTemplate?.trim() ? JSON.parse(fillTemplate(c.bodyTemplate, values, jsonEscape)) : defaultJsonBody(m);
  return { method: c.method, url, headers, body: { json: body } };
};
