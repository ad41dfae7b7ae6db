import { type DateFormat, isDateFormat } from "@/lib/format";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { Actor } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { getSetting } from "../settings/get-settings";
import { THEMES, type ThemePreference, type TPreferences } from "./preferences.schema";

export type Preferences = { timezone: string | null; dateFormat: DateFormat; theme: ThemePreference };
/** What the app shell needs of the signed-in user besides the caller */
export type ShellPreferences = { image: string | null; theme: ThemePreference | null };

const isTheme = (v: unknown): v is ThemePreference => typeof v === "string" && (THEMES as readonly string[]).includes(v);

export const getPreferences = async (userId: string): Promise<Preferences> => {
  const u = await db.user.findUnique({ where: { id: userId }, select: { timezone: true, dateFormat: true, theme: true } });
  if (!u) throw new AppError("NOT_FOUND", "Your account no longer exists.");
  return { timezone: u.timezone, dateFormat: isDateFormat(u.dateFormat) ? u.dateFormat : "medium", theme: isTheme(u.theme) ? u.theme : "system" };
};

export const getShellPreferences = async (userId: string): Promise<ShellPreferences> => {
  const u = await db.user.findUnique({ where: { id: userId }, select: { image: true, theme: true } });
  // Only our own uploads: an IdP may have put a remote URL here, which the browser would fetch on every page.
  const image = u?.image?.startsWith("data:image/") ? u.image : null;
  return { image, theme: isTheme(u?.theme) ? u.theme : null };
};

/** How server-rendered pages print dates for this user: their zone, else the instance's, and their format. */
export const getDateDisplay = async (userId: string): Promise<{ timeZone: string; dateFormat: DateFormat }> => {
  const [prefs, instanceZone] = await Promise.all([getPreferences(userId).catch(() => null), getSetting("system.timezone")]);
  return { timeZone: prefs?.timezone ?? instanceZone, dateFormat: prefs?.dateFormat ?? "medium" };
};

export const updatePreferences = async ({ userId, data, actor }: { userId: string; data: TPreferences; actor: Actor }): Promise<Preferences> => {
  const before = await getPreferences(userId);
  await db.user.update({ where: { id: userId }, data: { timezone: data.timezone, dateFormat: data.dateFormat, theme: data.theme } });
  const after: Preferences = { timezone: data.timezone, dateFormat: data.dateFormat, theme: data.theme };
  await recordAudit({ actor, action: "profile.preferences", resourceType: "user", resourceId: userId, before, after });
  return after;
};
