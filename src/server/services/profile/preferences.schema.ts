import { z } from "zod";
import { DATE_FORMATS, type DateFormat } from "@/lib/format";

export const THEMES = ["light", "dark", "system"] as const;
export type ThemePreference = (typeof THEMES)[number];

// The same test as the instance's system.timezone setting: whatever Intl accepts is a zone we can format in.
const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

export const ZPreferences = z.object({
  /** Empty: follow the instance's time zone */
  timezone: z
    .string()
    .trim()
    .max(64)
    .refine((tz) => tz === "" || isTimeZone(tz), "Unknown IANA time zone")
    .transform((tz) => tz || null),
  dateFormat: z.enum(Object.keys(DATE_FORMATS) as [DateFormat, ...DateFormat[]], { message: "Pick one of the listed date formats" }),
  theme: z.enum(THEMES, { message: "Pick light, dark or system" }),
});
export type TPreferences = z.infer<typeof ZPreferences>;
export type TPreferencesInput = z.input<typeof ZPreferences>;
