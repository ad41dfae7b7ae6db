/**
 * The checks every edge runs, free of Next so tests can drive them directly: who is calling, may they,
 * and is the input valid. Both wrappers (actions and routes) call these and nothing else decides access.
 */
import type { z } from "zod";
import { log } from "@/lib/logger";
import { AppError, type AppErrorCode, isAppError } from "@/server/errors";
import { can, type Permission } from "@/server/rbac/permissions";
import type { Caller } from "./caller";

/** "public": no caller needed; "authenticated": any signed-in user; else a permission. */
export type Access = Permission | "authenticated" | "public";

export function authorize(caller: Caller | null, access: "public"): Caller | null;
export function authorize(caller: Caller | null, access: Access): Caller;
export function authorize(caller: Caller | null, access: Access): Caller | null {
  if (access === "public") return caller;
  if (!caller) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
  if (access !== "authenticated" && caller.needsTwoFactor) {
    throw new AppError("FORBIDDEN", `Your group (${caller.groupName}) requires two-factor authentication. Set up TOTP or a passkey on your profile first.`);
  }
  if (access !== "authenticated" && !can(caller.grant, access)) {
    throw new AppError("FORBIDDEN", `Your group (${caller.groupName}) does not have the ${access} permission.`);
  }
  return caller;
}

export const parseInput = <S extends z.ZodType>(schema: S, raw: unknown): z.output<S> => {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of r.error.issues) {
    const key = issue.path.join(".") || "_";
    (fieldErrors[key] ??= []).push(issue.message);
  }
  const first = r.error.issues[0];
  const where = first?.path.length ? `${first.path.join(".")}: ` : "";
  throw new AppError("VALIDATION", `${where}${first?.message ?? "invalid input"}`, { fieldErrors });
};

export type PublicError = { code: AppErrorCode; message: string; fieldErrors?: Record<string, string[]> };

/** Expected errors keep their message; anything else is logged and replaced by a generic one. */
export const toPublicError = (e: unknown, where: string): PublicError => {
  if (isAppError(e)) return { code: e.code, message: e.message, ...(e.fieldErrors ? { fieldErrors: e.fieldErrors } : {}) };
  log.error(`unexpected error in ${where}`, { error: e });
  return { code: "INTERNAL", message: "Something went wrong on the server. The details are in the server log." };
};
