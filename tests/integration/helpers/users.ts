import { randomUUID } from "node:crypto";
import { auth } from "@/server/auth/auth";
import { resolveCaller, type Caller } from "@/server/http/caller";
import { SYSTEM_ACTOR } from "@/server/services/audit/audit-context";
import { createUser } from "@/server/services/users/create-user";
import { groupId } from "./db";

export const PASSWORD = "correct horse battery staple";

export const makeUser = async (group: string, opts?: { email?: string; password?: string }) => {
  const email = opts?.email ?? `${group.toLowerCase()}-${randomUUID().slice(0, 8)}@example.test`;
  const user = await createUser({
    data: { name: `${group} User`, email, password: opts?.password ?? PASSWORD, groupId: await groupId(group) },
    actor: SYSTEM_ACTOR,
  });
  return { ...user, email, password: opts?.password ?? PASSWORD };
};

/** A Cookie header carrying the cookies a response sets. */
export const cookieOf = (res: Response): string => res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");

/** Signs in through better-auth for real and returns request headers carrying the session cookie. */
export const signIn = async (email: string, password = PASSWORD, extra?: Record<string, string>): Promise<Headers> => {
  const res = await auth().api.signInEmail({
    body: { email, password },
    headers: new Headers({ "user-agent": "vitest", "x-forwarded-for": "203.0.113.7", ...extra }),
    asResponse: true,
  });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return new Headers({ cookie: cookieOf(res), "user-agent": "vitest", "x-forwarded-for": "203.0.113.7", origin: "http://localhost:3999" });
};

export const callerFor = async (headers: Headers): Promise<Caller> => {
  const c = await resolveCaller(headers);
  if (!c) throw new Error("no caller for these headers");
  return c;
};
