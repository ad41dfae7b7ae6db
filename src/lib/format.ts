/** Formatting shared by server and client components. */
/** Date and time styles a user can pick on their profile; "medium" is the default everywhere. */
export const DATE_FORMATS = {
  medium: "23 Nov 2026, 21:45",
  iso: "2026-11-23 21:45",
  us: "11/23/2026 9:45 PM",
} as const;
export type DateFormat = keyof typeof DATE_FORMATS;
export const isDateFormat = (v: unknown): v is DateFormat => typeof v === "string" && Object.hasOwn(DATE_FORMATS, v);

const partsOf = (d: Date, locale: string, opts: Intl.DateTimeFormatOptions) =>
  Object.fromEntries(new Intl.DateTimeFormat(locale, opts).formatToParts(d).map((p) => [p.type, p.value]));

export const formatDateTime = (iso: string | Date, timeZone?: string, format: DateFormat = "medium"): string => {
  const d = new Date(iso);
  if (format === "iso") {
    // Built from parts: no locale prints this shape, and "en-CA" has changed its output between ICU versions.
    const p = partsOf(d, "en-GB", { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone });
    return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
  }
  if (format === "us") {
    const p = partsOf(d, "en-US", { year: "numeric", month: "2-digit", day: "2-digit", hour: "numeric", minute: "2-digit", hour12: true, timeZone });
    return `${p.month}/${p.day}/${p.year} ${p.hour}:${p.minute} ${p.dayPeriod}`;
  }
  return new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone }).format(d);
};

export const formatRelative = (iso: string | Date, now: number = Date.now()): string => {
  const s = Math.round((now - new Date(iso).getTime()) / 1000);
  const abs = Math.abs(s);
  const rtf = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
  if (abs < 60) return rtf.format(-s, "second");
  // Pick the unit from the rounded value, so 3599 s reads "1 hour ago", not "60 minutes ago".
  const minutes = Math.round(s / 60);
  if (Math.abs(minutes) < 60) return rtf.format(-minutes, "minute");
  const hours = Math.round(s / 3600);
  if (Math.abs(hours) < 24) return rtf.format(-hours, "hour");
  return rtf.format(-Math.round(s / 86_400), "day");
};

export const formatDuration = (seconds: number): string => {
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  if (d) return `${d}d ${h}h`;
  if (h) return `${h}h ${m}m`;
  if (m) return `${m}m`;
  return `${seconds}s`;
};

/** "user.create" → "User create"; used where an audit action is shown to people. */
export const humanizeAction = (action: string): string => {
  const s = action.replace(/[._]/g, " ");
  return s.charAt(0).toUpperCase() + s.slice(1);
};
