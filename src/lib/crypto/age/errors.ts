/** Every way an age operation can fail, each with its own code so callers can react (and tests can tell them apart). */
export type AgeErrorCode =
  | "INVALID_KEY"
  | "NOT_AGE"
  | "NO_MATCHING_KEY"
  | "HEADER_MAC"
  | "TRUNCATED"
  | "TAMPERED"
  | "TRAILING_DATA"
  | "BAD_FINAL_CHUNK";

export class AgeError extends Error {
  readonly code: AgeErrorCode;

  constructor(code: AgeErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "AgeError";
    this.code = code;
  }
}

export const isAgeError = (e: unknown, code?: AgeErrorCode): e is AgeError =>
  e instanceof AgeError && (code === undefined || e.code === code);
