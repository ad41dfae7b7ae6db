/**
 * The one error type services throw for expected failures. Its code, never its message text, decides
 * the HTTP status and what an action returns. Anything that is not an AppError is unexpected: it is
 * logged and the caller sees a generic message.
 */
export const APP_ERROR_STATUS = {
  /** Input failed validation; `fieldErrors` says where */
  VALIDATION: 400,
  BAD_REQUEST: 400,
  /** No session or API key */
  UNAUTHENTICATED: 401,
  /** Authenticated, but the group lacks the permission */
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  /** Unique name taken, resource in use, setup already done */
  CONFLICT: 409,
  /** A precondition on the target failed (version, engine, state) */
  PRECONDITION_FAILED: 412,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  /** A dependency (database, remote host) is unreachable */
  UNAVAILABLE: 503,
} as const;

export type AppErrorCode = keyof typeof APP_ERROR_STATUS;

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly fieldErrors?: Record<string, string[]>;

  constructor(code: AppErrorCode, message: string, options?: { fieldErrors?: Record<string, string[]>; cause?: unknown }) {
    super(message, { cause: options?.cause });
    this.name = "AppError";
    this.code = code;
    this.fieldErrors = options?.fieldErrors;
  }

  get status(): number {
    return APP_ERROR_STATUS[this.code];
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

/** Prisma's unique-constraint violation, mapped by callers to CONFLICT with a message of their own. */
export const isUniqueViolation = (e: unknown): boolean =>
  typeof e === "object" && e !== null && (e as { code?: unknown }).code === "P2002";
