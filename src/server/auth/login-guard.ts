/**
 * Login protection around better-auth's endpoints: failed attempts per client address and per account
 * per minute (successes do not count, so a busy office behind one NAT is not locked out by its own
 * sign-ins), and a temporary account lock after consecutive wrong passwords. The address comes from client-ip.ts, so a
 * client that rotates X-Forwarded-For stays in one bucket unless a trusted proxy vouches for the hop.
 */
import { APIError } from "better-auth/api";
import { db } from "@/server/db";
import { createRateLimiter } from "@/server/http/rate-limit";
import { recordAudit } from "@/server/services/audit/record-audit";
import { getSettings } from "@/server/services/settings/get-settings";
import { resolveClientIp, userAgent } from "./client-ip";

const g = globalThis as unknown as { bunkerLoginLimits?: { ip: ReturnType<typeof createRateLimiter>; account: ReturnType<typeof createRateLimiter> } };
const limits = () => (g.bunkerLoginLimits ??= { ip: createRateLimiter(60_000), account: createRateLimiter(60_000) });

/** Paths where a guess can be made: each one counts against the caller's address. */
export const GUARDED_PATHS = new Set([
  "/sign-in/email",
  "/two-factor/verify-totp",
  "/two-factor/verify-backup-code",
  "/passkey/verify-authentication",
  "/sign-in/sso",
]);

const tooMany = (retryAfterSeconds: number) =>
  new APIError("TOO_MANY_REQUESTS", { message: `Too many sign-in attempts. Try again in ${retryAfterSeconds} s.`, code: "RATE_LIMITED" }, { "Retry-After": String(retryAfterSeconds) });

/** Test hook: forget every counter. */
export const resetLoginLimits = (): void => {
  limits().ip.reset();
  limits().account.reset();
};

const ipKey = async (headers: Headers | undefined) => `ip:${(headers && (await resolveClientIp(headers))) ?? "unknown"}`;

/** Before a guess is checked: refuse once the address or the account has failed too often, or is locked. */
export const checkLoginAttempt = async (path: string, headers: Headers | undefined, email: string | null): Promise<void> => {
  const s = await getSettings();
  const byIp = limits().ip.check(await ipKey(headers), s["security.loginLimitPerIp"]);
  if (!byIp.ok) throw tooMany(byIp.retryAfterSeconds);
  if (path !== "/sign-in/email" || !email) return;
  const byAccount = limits().account.check(`acct:${email}`, s["security.loginLimitPerAccount"]);
  if (!byAccount.ok) throw tooMany(byAccount.retryAfterSeconds);
  const user = await db.user.findUnique({ where: { email }, select: { lockedUntil: true } });
  if (user?.lockedUntil && user.lockedUntil > new Date()) {
    const minutes = Math.ceil((user.lockedUntil.getTime() - Date.now()) / 60_000);
    throw new APIError("TOO_MANY_REQUESTS", {
      message: `This account is locked for ${minutes} more minute${minutes === 1 ? "" : "s"} after repeated failed sign-ins.`,
      code: "ACCOUNT_LOCKED",
    });
  }
};

/** Any failed guess (password, second factor, passkey) counts against the address, and the account if named. */
export const countFailedAttempt = async (headers: Headers | undefined, email: string | null): Promise<void> => {
  limits().ip.hit(await ipKey(headers));
  if (email) limits().account.hit(`acct:${email}`);
};

/** A wrong password: count it, and lock the account once the threshold is reached. */
export const recordLoginFailure = async (email: string, headers: Headers | undefined): Promise<void> => {
  const user = await db.user.findUnique({ where: { email }, select: { id: true } });
  if (!user) return;
  const s = await getSettings();
  const { failedLoginCount } = await db.user.update({ where: { id: user.id }, data: { failedLoginCount: { increment: 1 } }, select: { failedLoginCount: true } });
  if (failedLoginCount < s["security.lockoutThreshold"]) return;
  const lockedUntil = new Date(Date.now() + s["security.lockoutMinutes"] * 60_000);
  await db.user.update({ where: { id: user.id }, data: { failedLoginCount: 0, lockedUntil } });
  await recordAudit({
    actor: null,
    actorEmail: email,
    ip: headers ? await resolveClientIp(headers) : null,
    userAgent: headers ? userAgent(headers) : null,
    action: "auth.account_locked",
    resourceType: "user",
    resourceId: user.id,
    details: { failures: failedLoginCount, lockedUntil: lockedUntil.toISOString() },
  });
};

export const recordLoginSuccess = async (userId: string): Promise<void> => {
  await db.user.updateMany({ where: { id: userId, OR: [{ failedLoginCount: { gt: 0 } }, { lockedUntil: { not: null } }] }, data: { failedLoginCount: 0, lockedUntil: null } });
};

/** An administrator lifts a lock early. */
export const unlockAccount = async (userId: string): Promise<void> => {
  await db.user.update({ where: { id: userId }, data: { failedLoginCount: 0, lockedUntil: null } });
};
