/**
 * The error a stream helper rejects with when its AbortSignal fires. Shaped like Node's own AbortError
 * (name "AbortError", code "ABORT_ERR") so callers can test `err.name === "AbortError"` whatever threw it;
 * the signal's reason is kept as `cause`.
 */
export class AbortError extends Error {
  override readonly name = "AbortError";
  readonly code = "ABORT_ERR";

  constructor(message = "The operation was aborted", options?: { cause?: unknown }) {
    super(message, options);
  }
}

export const abortErrorFrom = (signal: AbortSignal): AbortError => new AbortError("The operation was aborted", { cause: signal.reason });

export const isAbortError = (e: unknown): boolean => e instanceof Error && e.name === "AbortError";
