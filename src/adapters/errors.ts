/**
 * What adapters throw. The code lets services and the UI react (a wrong password is not a timeout) and
 * the message is written for the user: it names the host, the tool and the tail of its stderr, never
 * a secret.
 */
export type AdapterErrorCode =
  | "UNREACHABLE" // connection refused, DNS, timeout
  | "AUTH_FAILED" // wrong password or key
  | "NOT_FOUND" // database, bucket, path or object missing
  | "PERMISSION_DENIED" // authenticated, not allowed
  | "INVALID_INPUT" // bad database name, path traversal, malformed key
  | "VERSION_MISMATCH" // e.g. server newer than pg_dump
  | "TOOL_MISSING" // pg_dump, mariadb-dump, sqlite3 not installed
  | "TOOL_FAILED" // the tool exited non-zero
  | "EMPTY_DUMP" // the tool exited 0 but wrote nothing
  | "HOST_KEY_MISMATCH" // SFTP host key differs from the pinned one
  | "CANCELLED"
  | "FAILED";

export class AdapterError extends Error {
  readonly code: AdapterErrorCode;
  constructor(code: AdapterErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "AdapterError";
    this.code = code;
  }
}

export const isAdapterError = (e: unknown): e is AdapterError => e instanceof AdapterError;
