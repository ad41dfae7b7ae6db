/**
 * The notifier contract. Like the other adapters, notifiers are framework-free: they receive a config
 * with secrets decrypted and a message already rendered to plain facts, and never touch Prisma or
 * process.env. A message never holds a secret; the preview of what is sent has every secret scrubbed.
 */
import type { z } from "zod";

export const NOTIFICATION_EVENTS = [
  "backup.success",
  "backup.partial",
  "backup.failed",
  "backup.missing",
  "verify.failed",
  "restore.success",
  "restore.failed",
  "health.offline",
  "health.online",
  "auth.new-device",
  "drill.passed",
  "drill.failed",
  "drift",
  "rpo.breached",
  "test",
] as const;
export type NotificationEventType = (typeof NOTIFICATION_EVENTS)[number];

export type Severity = "success" | "warning" | "error" | "info";

/** What every channel renders: a title, one summary line, labelled facts, the error, a link. */
export type NotificationMessage = {
  event: NotificationEventType;
  severity: Severity;
  title: string;
  summary: string;
  /** Job, database, size, duration, destinations … in display order */
  fields: Array<{ label: string; value: string }>;
  error?: string;
  /** Link to the run (or the page the event is about) */
  url?: string;
  /** The instance name, e.g. "Bunker" */
  instance: string;
  occurredAt: string;
};

/** How an attempt ended. `retryable`: a 5xx, a network error or a timeout; 4xx answers are final. */
export type DeliveryResult =
  | { ok: true; responseCode?: number; detail?: string }
  | { ok: false; responseCode?: number; error: string; retryable: boolean };

export type NotifierContext = {
  signal?: AbortSignal;
  /** Per-send limit: HTTP request or SMTP connection, greeting and socket idle time */
  timeoutMs: number;
};

/** What was (or would be) sent, with every secret replaced: stored in the delivery log and previewed. */
export type DeliveryPreview = {
  channel: "http" | "email";
  method?: string;
  url?: string;
  headers?: Record<string, string>;
  /** JSON bodies are kept as parsed values for a readable preview */
  body?: unknown;
  email?: { from: string; to: string[]; subject: string; text: string; html: string };
};

export interface NotifierAdapter<C> {
  preview(config: C, message: NotificationMessage): DeliveryPreview;
  send(config: C, message: NotificationMessage, ctx: NotifierContext): Promise<DeliveryResult>;
}

export type NotifierEntry<S extends z.ZodType = z.ZodType> = {
  kind: "notifier";
  label: string;
  description: string;
  configSchema: S;
  load: () => Promise<NotifierAdapter<z.output<S>>>;
};
