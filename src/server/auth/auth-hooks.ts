/**
 * What runs around every better-auth endpoint, for HTTP calls and `auth.api.*` calls alike: login
 * protection before a guess is checked, TOTP replay refusal, and the audit trail of sign-ins (every
 * method) and sign-outs.
 */
import { APIError, createAuthMiddleware, getSessionFromCtx } from "better-auth/api";
import { recordAudit } from "@/server/services/audit/record-audit";
import { clientIp, userAgent } from "./client-ip";
import { checkLoginAttempt, countFailedAttempt, GUARDED_PATHS, recordLoginFailure, recordLoginSuccess } from "./login-guard";
import { markTotpUsed, wasTotpUsed } from "./totp-replay";

type HookCtx = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0];

const requestMeta = (headers: Headers | undefined) =>
  headers ? { ip: clientIp(headers), userAgent: userAgent(headers) } : { ip: null, userAgent: null };

const bodyEmail = (ctx: HookCtx): string | null =>
  typeof ctx.body?.email === "string" ? ctx.body.email.trim().toLowerCase().slice(0, 320) : null;

/** Sign-in endpoints other than the password one, and how the audit log names them. */
const METHOD_BY_PATH: Record<string, string> = {
  "/two-factor/verify-totp": "password+totp",
  "/two-factor/verify-backup-code": "password+backup-code",
  "/passkey/verify-authentication": "passkey",
};
const methodFor = (path: string) => METHOD_BY_PATH[path] ?? (path.startsWith("/sso/callback") ? "sso" : null);

/** The user a TOTP check is for: the signed-in user (enrolment) or the one half-way through sign-in. */
const totpUserId = async (ctx: HookCtx): Promise<string | null> => {
  const session = await getSessionFromCtx(ctx).catch(() => null);
  if (session) return session.user.id;
  const cookie = ctx.context.createAuthCookie("two_factor");
  const token = await ctx.getSignedCookie(cookie.name, ctx.context.secret);
  if (!token) return null;
  const v = await ctx.context.internalAdapter.findVerificationValue(token);
  return v?.value ?? null;
};

const failureReason = (returned: unknown) => (returned as APIError).body?.code ?? (returned as Error).message;

export const beforeHook = createAuthMiddleware(async (ctx) => {
  if (GUARDED_PATHS.has(ctx.path)) await checkLoginAttempt(ctx.path, ctx.headers, bodyEmail(ctx));
  if (ctx.path === "/two-factor/verify-totp" && typeof ctx.body?.code === "string") {
    const userId = await totpUserId(ctx);
    if (userId && wasTotpUsed(userId, ctx.body.code)) {
      throw new APIError("UNAUTHORIZED", { message: "This code was already used. Wait for the next one.", code: "TOTP_CODE_REUSED" });
    }
  }
  if (ctx.path !== "/sign-out") return;
  const session = await getSessionFromCtx(ctx).catch(() => null);
  if (!session) return;
  await recordAudit({
    actor: { kind: "user", userId: session.user.id, email: session.user.email, ...requestMeta(ctx.headers) },
    action: "auth.sign_out",
    resourceType: "session",
    resourceId: session.session.id,
  });
});

const afterPasswordSignIn = async (ctx: HookCtx) => {
  const returned = ctx.context.returned;
  const email = bodyEmail(ctx);
  const meta = requestMeta(ctx.headers);
  if (returned instanceof APIError || returned instanceof Error) {
    const reason = failureReason(returned);
    if (reason === "INVALID_EMAIL_OR_PASSWORD") {
      await countFailedAttempt(ctx.headers, email);
      if (email) await recordLoginFailure(email, ctx.headers);
    }
    await recordAudit({ actor: null, actorEmail: email, ...meta, action: "auth.sign_in", resourceType: "user", outcome: "failure", details: { reason } });
    return;
  }
  const user = (returned as { user?: { id: string; email: string; twoFactorEnabled?: boolean | null } } | undefined)?.user;
  if (!user) return;
  await recordLoginSuccess(user.id);
  await recordAudit({
    actor: { kind: "user", userId: user.id, email: user.email, ...meta },
    action: "auth.sign_in",
    resourceType: "user",
    resourceId: user.id,
    // With 2FA on, the password step only opens the second-factor challenge; its outcome is audited separately.
    details: { method: "password", ...(user.twoFactorEnabled ? { secondFactor: "required" } : {}) },
  });
};

export const afterHook = createAuthMiddleware(async (ctx) => {
  if (ctx.path === "/sign-in/email") return afterPasswordSignIn(ctx);
  const method = methodFor(ctx.path);
  if (!method) return;
  const returned = ctx.context.returned;
  const failed = returned instanceof APIError || returned instanceof Error;
  const newSession = ctx.context.newSession;
  if (ctx.path === "/two-factor/verify-totp" && !failed && typeof ctx.body?.code === "string") {
    const userId = newSession?.user.id ?? (await getSessionFromCtx(ctx).catch(() => null))?.user.id;
    if (userId) markTotpUsed(userId, ctx.body.code);
  }
  const meta = requestMeta(ctx.headers);
  // Enrolment confirmations also pass here with a session already in place: only sessionless calls are sign-ins.
  if (await getSessionFromCtx(ctx).catch(() => null)) return;
  if (failed) {
    const reason = failureReason(returned);
    if (reason !== "RATE_LIMITED") await countFailedAttempt(ctx.headers, null);
    await recordAudit({ actor: null, ...meta, action: "auth.sign_in", resourceType: "user", outcome: "failure", details: { method, reason } });
    return;
  }
  if (!newSession) return;
  await recordAudit({
    actor: { kind: "user", userId: newSession.user.id, email: newSession.user.email, ...meta },
    action: "auth.sign_in",
    resourceType: "user",
    resourceId: newSession.user.id,
    details: { method },
  });
});
