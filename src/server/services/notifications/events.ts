/**
 * The events Bunker notifies about. The engine, health checks and tasks call notifyEvent with one of
 * these; a job's notifiers and the system routes each pick the types they receive.
 */
import { z } from "zod";
import type { NotificationEventType } from "@/adapters/notifiers/types";

export type NotifyEvent =
  | { type: "backup.success" | "backup.partial" | "backup.failed"; executionId: string }
  | { type: "restore.success" | "restore.failed"; executionId: string }
  | { type: "health.offline" | "health.online"; adapterId: string }
  /** The dead man's switch: no successful backup since the slot `expectedAt` plus the grace hours */
  | { type: "backup.missing"; jobId: string; expectedAt: string; lastSuccessAt: string | null; graceHours: number }
  | { type: "verify.failed"; backupId: string; error?: string }
  | { type: "auth.new-device"; userId: string; ip?: string | null; userAgent?: string | null }
  /** A restore drill ended (services/drills): passed, or failed (restore, counts, checks or budget) */
  | { type: "drill.passed" | "drill.failed"; executionId: string }
  /** A backup run whose size or row counts dropped past the job's drift thresholds (its warning says how) */
  | { type: "drift"; executionId: string; findings: string[] }
  /** No verified backup within the job's RPO; once per breach (keyed on the last verified backup) */
  | { type: "rpo.breached"; jobId: string; lastVerifiedAt: string | null; targetMs: number };

export type NotifyEventType = NotifyEvent["type"];

export const EVENT_LABELS: Record<NotificationEventType, string> = {
  "backup.success": "Backup succeeded",
  "backup.partial": "Backup partial",
  "backup.failed": "Backup failed",
  "backup.missing": "Backup missing",
  "verify.failed": "Verification failed",
  "restore.success": "Restore succeeded",
  "restore.failed": "Restore failed",
  "health.offline": "Source or destination offline",
  "health.online": "Back online",
  "auth.new-device": "Sign-in from a new device",
  "drill.passed": "Restore drill passed",
  "drill.failed": "Restore drill failed",
  drift: "Backup drift (size or rows dropped)",
  "rpo.breached": "Recovery point objective breached",
  test: "Test",
};

/** What a job's notifier can be set to receive. */
export const JOB_EVENTS = [
  "backup.failed",
  "backup.partial",
  "backup.success",
  "backup.missing",
  "verify.failed",
  "restore.failed",
  "restore.success",
  "drill.failed",
  "drill.passed",
  "drift",
  "rpo.breached",
] as const;
export type JobEvent = (typeof JOB_EVENTS)[number];
/** Ticked when a notifier is added to a job: what nobody wants to miss. */
export const DEFAULT_JOB_EVENTS: JobEvent[] = ["backup.failed", "backup.partial", "backup.missing", "verify.failed", "drill.failed", "drift", "rpo.breached"];

/** What the system routes can receive: every event, from every job, plus the instance-wide ones. */
export const SYSTEM_EVENTS = [
  "health.offline",
  "health.online",
  "backup.failed",
  "backup.partial",
  "backup.success",
  "backup.missing",
  "verify.failed",
  "restore.failed",
  "restore.success",
  "auth.new-device",
  "drill.failed",
  "drill.passed",
  "drift",
  "rpo.breached",
] as const;
export type SystemEvent = (typeof SYSTEM_EVENTS)[number];

export const ZJobNotifier = z.object({
  notifierId: z.string().min(1),
  events: z.array(z.enum(JOB_EVENTS)).min(1, "Pick at least one event").max(JOB_EVENTS.length),
});
export type TJobNotifier = z.infer<typeof ZJobNotifier>;

export const ZSystemRoute = z.object({
  notifierId: z.string().min(1),
  events: z.array(z.enum(SYSTEM_EVENTS)).min(1, "Pick at least one event").max(SYSTEM_EVENTS.length),
});
export type TSystemRoute = z.infer<typeof ZSystemRoute>;

/** Stored JSON of JobNotifier.events, read defensively: unknown names are dropped. */
export const parseJobEvents = (json: string): JobEvent[] => {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((e): e is JobEvent => (JOB_EVENTS as readonly string[]).includes(e as string)) : [];
  } catch {
    return [];
  }
};
