/**
 * The better-auth instance. Sign-up through the API is always off: the first admin is created by the
 * setup service, later users by admins. Sign-in results and sign-outs are audited from hooks, so a
 * call to the auth API from any client is recorded the same way as one from our pages.
 */
import { betterAuth } from "better-auth";
import { APIError, createAuthMiddleware, getSessionFromCtx } from "better-auth/api";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import { db } from "@/server/db";
import { env } from "@/server/env";
import { recordAudit } from "@/server/services/audit/record-audit";
import { clientIp, userAgent } from "./client-ip";

const requestMeta = (headers: Headers | undefined) =>
  headers ? { ip: clientIp(headers), userAgent: userAgent(headers) } : { ip: null, userAgent: null };

const createAuth = () => {
  const e = env();
  return betterAuth({
    appName: "Bunker",
    baseURL: e.authUrl,
    secret: e.authSecret,
    trustedOrigins: [e.authUrl, ...e.trustedOrigins],
    database: prismaAdapter(db, { provider: "sqlite" }),
    telemetry: { enabled: false },
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: 10,
      maxPasswordLength: 256,
      revokeSessionsOnPasswordReset: true,
    },
    session: {
      expiresIn: 60 * 60 * 24 * 7,
      updateAge: 60 * 60 * 24,
    },
    user: {
      additionalFields: {
        groupId: { type: "string", required: false, input: false },
        banned: { type: "boolean", required: false, input: false },
      },
    },
    databaseHooks: {
      session: {
        create: {
          // A disabled user cannot get a session by any sign-in method.
          before: async (session) => {
            const user = await db.user.findUnique({ where: { id: session.userId }, select: { banned: true } });
            if (user?.banned) {
              throw new APIError("FORBIDDEN", { message: "This account is disabled. Ask an administrator to enable it.", code: "ACCOUNT_DISABLED" });
            }
          },
          after: async (session) => {
            await db.user.update({ where: { id: session.userId }, data: { lastLoginAt: new Date() } });
          },
        },
      },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== "/sign-out") return;
        const session = await getSessionFromCtx(ctx).catch(() => null);
        if (!session) return;
        await recordAudit({
          actor: { kind: "user", userId: session.user.id, email: session.user.email, ...requestMeta(ctx.headers) },
          action: "auth.sign_out",
          resourceType: "session",
          resourceId: session.session.id,
        });
      }),
      after: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== "/sign-in/email") return;
        const returned = ctx.context.returned;
        const email = typeof ctx.body?.email === "string" ? ctx.body.email.toLowerCase().slice(0, 320) : null;
        const meta = requestMeta(ctx.headers);
        if (returned instanceof APIError || returned instanceof Error) {
          await recordAudit({
            actor: null,
            actorEmail: email,
            ...meta,
            action: "auth.sign_in",
            resourceType: "user",
            outcome: "failure",
            details: { reason: (returned as APIError).body?.code ?? returned.message },
          });
          return;
        }
        const user = (returned as { user?: { id: string; email: string } } | undefined)?.user;
        if (user) {
          await recordAudit({
            actor: { kind: "user", userId: user.id, email: user.email, ...meta },
            action: "auth.sign_in",
            resourceType: "user",
            resourceId: user.id,
            details: { method: "password" },
          });
        }
      }),
    },
    plugins: [nextCookies()],
  });
};

type Auth = ReturnType<typeof createAuth>;
const g = globalThis as unknown as { bunkerAuth?: Auth };

/** Created on first use: building the pages must not need the secrets. */
export const auth = (): Auth => (g.bunkerAuth ??= createAuth());
