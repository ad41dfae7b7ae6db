/** Plain renderings of a message shared by the channels: text lines, HTML escaping, colours, emoji. */
import type { NotificationMessage, Severity } from "./types";

export const escapeHtml = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Brand-neutral colours per severity (Discord wants an integer, Slack and Teams a hex or a name). */
export const SEVERITY_COLOR: Record<Severity, string> = { success: "#16a34a", warning: "#d97706", error: "#dc2626", info: "#2563eb" };
export const colorInt = (s: Severity): number => Number.parseInt(SEVERITY_COLOR[s].slice(1), 16);

export const SEVERITY_EMOJI: Record<Severity, string> = { success: "✅", warning: "⚠️", error: "🚨", info: "ℹ️" };

/** Long errors are cut: channels limit message sizes (Discord 4096, Telegram 4096, Slack 3000 per block). */
export const clip = (s: string, max: number): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** The message as plain text lines: summary, facts, error, link. */
export const textLines = (m: NotificationMessage): string[] => [
  m.summary,
  "",
  ...m.fields.map((f) => `${f.label}: ${f.value}`),
  ...(m.error ? ["", `Error: ${clip(m.error, 1500)}`] : []),
  ...(m.url ? ["", m.url] : []),
];

export const plainText = (m: NotificationMessage): string => textLines(m).join("\n");
