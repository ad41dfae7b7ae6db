/** better-auth's APIErrors as Bunker AppErrors, so actions and routes report them the usual way. */
import { APIError } from "better-auth/api";
import { AppError, type AppErrorCode } from "@/server/errors";

const BY_STATUS: Record<number, AppErrorCode> = { 400: "BAD_REQUEST", 401: "UNAUTHENTICATED", 403: "FORBIDDEN", 404: "NOT_FOUND", 409: "CONFLICT", 422: "VALIDATION", 429: "RATE_LIMITED" };

const MESSAGES: Record<string, string> = {
  INVALID_PASSWORD: "The password is wrong.",
  INVALID_CODE: "That code is not right. Check the time on your device and try again.",
  INVALID_BACKUP_CODE: "That backup code is not valid or was already used.",
  INVALID_TWO_FACTOR_COOKIE: "The sign-in step expired. Start again with your password.",
  TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE: "Too many wrong codes. Start again with your password.",
};

export const authCall = async <T>(fn: () => Promise<T>, field?: string): Promise<T> => {
  try {
    return await fn();
  } catch (e) {
    if (!(e instanceof APIError)) throw e;
    const code = typeof e.body?.code === "string" ? e.body.code : "";
    const message = MESSAGES[code] ?? e.body?.message ?? e.message;
    const status = typeof e.statusCode === "number" ? e.statusCode : 400;
    throw new AppError(BY_STATUS[status] ?? "BAD_REQUEST", message, field ? { fieldErrors: { [field]: [message] } } : undefined);
  }
};
