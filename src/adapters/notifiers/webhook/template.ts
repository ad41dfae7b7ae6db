/**
 * {{placeholders}} for the generic webhook. In a JSON body a value is inserted JSON-escaped (so a quote
 * in an error cannot break the document); in the URL it is URL-encoded. Unknown names stay empty.
 */
import type { NotificationMessage } from "../types";

export const PLACEHOLDER = /\{\{\s*([\w.]+)\s*\}\}/g;

/** "Database" → "database", "Stored size" → "stored_size" */
const keyOf = (label: string) => label.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "");

/** Each value the templates may use, by name. `status` is "up" or "down", as ping monitors expect. */
export const placeholderValues = (m: NotificationMessage): Record<string, string> => ({
  event: m.event,
  severity: m.severity,
  status: m.severity === "error" ? "down" : "up",
  title: m.title,
  summary: m.summary,
  error: m.error ?? "",
  url: m.url ?? "",
  instance: m.instance,
  occurredAt: m.occurredAt,
  ...Object.fromEntries(m.fields.map((f) => [keyOf(f.label), f.value])),
});

export const PLACEHOLDER_NAMES = ["event", "severity", "status", "title", "summary", "error", "url", "instance", "occurredAt", "job", "database", "size", "duration", "destinations"];

export const fillTemplate = (template: string, values: Record<string, string>, escape: (s: string) => string): string =>
  template.replace(PLACEHOLDER, (_, name: string) => escape(values[name] ?? ""));

export const jsonEscape = (s: string): string => JSON.stringify(s).slice(1, -1);

/** The default JSON body: every fact of the message, for receivers that take any JSON. */
export const defaultJsonBody = (m: NotificationMessage) => ({
  event: m.event,
  severity: m.severity,
  title: m.title,
  summary: m.summary,
  error: m.error ?? null,
  url: m.url ?? null,
  instance: m.instance,
  occurredAt: m.occurredAt,
  fields: Object.fromEntries(m.fields.map((f) => [keyOf(f.label), f.value])),
});

/** A template is valid JSON once its placeholders are filled (checked on save, with dummy values). */
export const isJsonTemplate = (template: string): boolean => {
  try {
    JSON.parse(template.replace(PLACEHOLDER, "x"));
    return true;
  } catch {
    return false;
  }
};
