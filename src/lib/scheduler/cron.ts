/**
 * Cron schedules in words, with their next runs in a given IANA time zone. Pure: no database, no clock
 * unless none is given. Croner decides what is valid and when it fires (the scheduler uses the same
 * options through `cronFor`); a first pass here explains the common mistakes field by field
 * ("minute must be 0–59 (got 61)") instead of croner's terser messages.
 */
import { Cron } from "croner";
import cronstrue from "cronstrue";
import nodeCron from "node-cron";

export type ScheduleDescription =
  | {
      ok: true;
      /** No schedule: the job runs only when someone starts it */
      manual: boolean;
      /** "At 02:00 AM", "Every 15 minutes, Monday through Friday"; "Manual only" when manual */
      text: string;
      /** The next runs as ISO instants (UTC), earliest first; empty when manual */
      next: string[];
      /** Something worth knowing that does not make the schedule invalid */
      warning: string | null;
      timeZone: string;
    }
  | { ok: false; error: string; timeZone: string };

/** Croner options shared by the preview and the scheduler: 5 fields, or 6 with seconds first. */
export const CRON_MODE = "5-or-6-parts" as const;

const NICKNAMES = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"];

type FieldSpec = { name: string; min: number; max: number; names?: Record<string, number>; numericOnly: boolean };

const MONTHS = Object.fromEntries(["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"].map((m, i) => [m, i + 1]));
const WEEKDAYS = Object.fromEntries(["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"].map((d, i) => [d, i]));

const FIVE: FieldSpec[] = [
  { name: "minute", min: 0, max: 59, numericOnly: true },
  { name: "hour", min: 0, max: 23, numericOnly: true },
  { name: "day of month", min: 1, max: 31, numericOnly: false },
  { name: "month", min: 1, max: 12, names: MONTHS, numericOnly: false },
  { name: "day of week", min: 0, max: 7, names: WEEKDAYS, numericOnly: false },
];
const SIX: FieldSpec[] = [{ name: "second", min: 0, max: 59, numericOnly: true }, ...FIVE];

/** Collapses whitespace; an empty schedule is null (manual only). */
export const normalizeSchedule = (schedule: string | null | undefined): string | null => {
  const s = (schedule ?? "").trim().replace(/\s+/g, " ");
  return s === "" ? null : s;
};

const isTimeZone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

/** A number or a name (JAN, SUN) for this field; NaN when it is neither. */
const valueOf = (token: string, spec: FieldSpec): number => {
  if (/^\d+$/.test(token)) return Number(token);
  const named = spec.names?.[token.toUpperCase()];
  return named ?? Number.NaN;
};

const notNumeric = (spec: FieldSpec, item: string) => `${spec.name}: "${item}" is not a number, a range (1-5), a list (1,5) or a step (*/15)`;

const SIMPLE = /^(\*|\?|[A-Za-z0-9]+|[A-Za-z0-9]+-[A-Za-z0-9]+)(?:\/(.*))?$/;

/** The first problem in one field, in words, or null when it looks fine (croner has the last word). */
const checkField = (raw: string, spec: FieldSpec): string | null => {
  items: for (const item of raw.split(",")) {
    if (item === "") return `${spec.name}: a list has an empty item ("${raw}")`;
    const m = SIMPLE.exec(item);
    if (!m) {
      if (spec.numericOnly) return notNumeric(spec, item);
      continue; // L, W, #, + … are croner's to judge
    }
    const [, base, step] = m as unknown as [string, string, string | undefined];
    if (step !== undefined && !/^[1-9]\d*$/.test(step)) return `${spec.name}: the step in "${item}" must be a whole number of at least 1`;
    if (step !== undefined && Number(step) > spec.max - spec.min + 1) return `${spec.name}: the step in "${item}" must be at most ${spec.max - spec.min + 1}`;
    if (base === "*" || base === "?") continue;
    if (step !== undefined && !base.includes("-")) return `${spec.name}: "${item}" needs a range before the step: write ${base}-${spec.max}/${step} or */${step}`;
    const bounds = base.split("-");
    const values = bounds.map((b) => valueOf(b, spec));
    for (const [i, v] of values.entries()) {
      if (Number.isNaN(v)) {
        if (spec.numericOnly) return notNumeric(spec, item);
        if (/[LW]/i.test(bounds[i] ?? "")) continue items; // 5L, 15W, LW: croner's to judge
        return `${spec.name}: "${bounds[i]}" is not a valid value`;
      }
      if (v < spec.min || v > spec.max) return `${spec.name} must be ${spec.min}–${spec.max} (got ${bounds[i]})`;
    }
    if (values.length === 2 && (values[0] ?? 0) > (values[1] ?? 0)) return `${spec.name}: the range ${base} runs backwards; write the smaller value first`;
  }
  return null;
};

/** Explains the first problem of an expression before croner sees it, or returns null. */
const preCheck = (expr: string): string | null => {
  if (expr.startsWith("@")) {
    return NICKNAMES.includes(expr.toLowerCase()) ? null : `unknown shortcut "${expr}": use @hourly, @daily, @weekly, @monthly or @yearly`;
  }
  const parts = expr.split(" ");
  if (parts.length !== 5 && parts.length !== 6) {
    return `expected 5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first; got ${parts.length}`;
  }
  const specs = parts.length === 6 ? SIX : FIVE;
  for (const [i, part] of parts.entries()) {
    const problem = checkField(part, specs[i] as FieldSpec);
    if (problem) return problem;
  }
  return null;
};

/** Croner's own message without its prefix, for what the first pass lets through. */
const cronerMessage = (e: unknown): string => {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.replace(/^CronPattern:\s*/, "").replace(/^Syntax error,\s*/i, "") || "not a valid cron expression";
};

/** A croner instance that never fires by itself (no callback): for next runs and for the scheduler. */
export const cronFor = (expr: string, timeZone: string): Cron => new Cron(expr, { timezone: timeZone, mode: CRON_MODE });

const inWords = (expr: string): string => {
  try {
    return cronstrue.toString(expr, { throwExceptionOnParseError: true, use24HourTimeFormat: false });
  } catch {
    return `On the schedule ${expr}`;
  }
};

const MIN_GAP_MS = 15 * 60_000;

/**
 * Validates a cron expression and describes it: `{ ok: true, text, next }` with the next `count` runs
 * in `timeZone`, or `{ ok: false, error }`. An empty expression means manual only, which is valid.
 */
export const describeSchedule = (
  schedule: string | null | undefined,
  timeZone: string,
  options: { now?: Date; count?: number } = {},
): ScheduleDescription => {
  if (!isTimeZone(timeZone)) return { ok: false, error: `unknown time zone "${timeZone}"`, timeZone };
  const expr = normalizeSchedule(schedule);
  if (expr === null) return { ok: true, manual: true, text: "Manual only", next: [], warning: null, timeZone };
  if (expr.length > 120) return { ok: false, error: "a cron expression is at most 120 characters", timeZone };

  const problem = preCheck(expr);
  if (problem) return { ok: false, error: problem, timeZone };

  let next: Date[];
  try {
    next = cronFor(expr, timeZone).nextRuns(options.count ?? 5, options.now ?? new Date());
  } catch (e) {
    return { ok: false, error: cronerMessage(e), timeZone };
  }
  if (next.length === 0) return { ok: false, error: "this schedule never runs: no date matches it (such as 30 February)", timeZone };
  // node-cron fires the jobs and croner computes previews and slots: accept only what both understand,
  // so what the form shows is what fires.
  if (!nodeCron.validate(expr)) return { ok: false, error: "the scheduler cannot run this expression (node-cron rejects it)", timeZone };

  let warning: string | null = null;
  for (let i = 1; i < next.length; i++) {
    if ((next[i] as Date).getTime() - (next[i - 1] as Date).getTime() < MIN_GAP_MS) {
      warning = "Runs more often than every 15 minutes. A fire that comes while the previous run is still going is skipped.";
      break;
    }
  }
  return { ok: true, manual: false, text: inWords(expr), next: next.map((d) => d.toISOString()), warning, timeZone };
};

/** The next run of a schedule, or null when there is none (manual, invalid or never). */
export const nextRunOf = (schedule: string | null | undefined, timeZone: string, now?: Date): string | null => {
  const d = describeSchedule(schedule, timeZone, { now, count: 1 });
  return d.ok ? (d.next[0] ?? null) : null;
};
