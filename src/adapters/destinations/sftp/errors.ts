import { AdapterError, isAdapterError } from "../../errors";
import { SOCKET_REASONS } from "../../network-reasons";

type SshError = Error & { level?: string; code?: string | number };

export type SshTarget = { host: string; port: number; username: string };

/** ssh2's connection-phase errors (socket, handshake, authentication) → AdapterError. */
export const sshError = (e: unknown, t: SshTarget): AdapterError => {
  if (isAdapterError(e)) return e;
  const err = (e ?? {}) as SshError;
  const where = `${t.host}:${t.port}`;
  const network = typeof err.code === "string" ? SOCKET_REASONS[err.code] : undefined;
  if (network) return new AdapterError("UNREACHABLE", `cannot reach ${where} (${network})`, { cause: e });
  switch (err.level) {
    case "client-timeout":
      return new AdapterError("UNREACHABLE", `cannot reach ${where} (no SSH handshake in time)`, { cause: e });
    case "client-authentication":
      return new AdapterError("AUTH_FAILED", `authentication failed for user ${t.username}`, { cause: e });
    case "client-socket":
      return new AdapterError("UNREACHABLE", `cannot reach ${where} (${err.message})`, { cause: e });
    case "handshake":
    case "protocol":
      return new AdapterError("FAILED", `SSH handshake with ${where} failed: ${err.message}`, { cause: e });
    default:
      return new AdapterError("FAILED", `SSH connection to ${where} failed: ${err.message ?? String(e)}`, { cause: e });
  }
};

/** SFTP status codes (draft-ietf-secsh-filexfer-02), which ssh2 puts on err.code. */
export const SFTP_STATUS = { EOF: 1, NO_SUCH_FILE: 2, PERMISSION_DENIED: 3, FAILURE: 4, BAD_MESSAGE: 5, NO_CONNECTION: 6, CONNECTION_LOST: 7, OP_UNSUPPORTED: 8 } as const;

export const statusOf = (e: unknown): number | undefined => {
  const code = (e as SshError | undefined)?.code;
  return typeof code === "number" ? code : undefined;
};

export const isNoSuchFile = (e: unknown): boolean => statusOf(e) === SFTP_STATUS.NO_SUCH_FILE;

/** An SFTP operation's error → AdapterError; `where` is "user@host:/path" as the user knows it. */
export const sftpError = (e: unknown, where: string): AdapterError => {
  if (isAdapterError(e)) return e;
  const message = (e as Error | undefined)?.message ?? String(e);
  switch (statusOf(e)) {
    case SFTP_STATUS.NO_SUCH_FILE:
      return new AdapterError("NOT_FOUND", `${where} does not exist`, { cause: e });
    case SFTP_STATUS.PERMISSION_DENIED:
      return new AdapterError("PERMISSION_DENIED", `permission denied: ${where}`, { cause: e });
    case SFTP_STATUS.NO_CONNECTION:
    case SFTP_STATUS.CONNECTION_LOST:
      return new AdapterError("UNREACHABLE", `the SFTP connection was lost (${where})`, { cause: e });
    case SFTP_STATUS.OP_UNSUPPORTED:
      return new AdapterError("FAILED", `the SFTP server does not support this operation (${where})`, { cause: e });
    default:
      if (/No response from server|Not connected|channel.*closed/i.test(message)) {
        return new AdapterError("UNREACHABLE", `the SFTP connection was lost (${where})`, { cause: e });
      }
      return new AdapterError("FAILED", `${where}: ${message}`, { cause: e });
  }
};

/**
 * ssh2's parse errors for a private key → a message for people (ssh2 would throw them from connect()).
 * `hadPassphrase` tells a wrong passphrase from a missing one.
 */
export const privateKeyError = (e: unknown, hadPassphrase: boolean): AdapterError => {
  const message = (e as Error | undefined)?.message ?? "";
  if (/no passphrase given/i.test(message)) {
    return new AdapterError("AUTH_FAILED", "the private key is encrypted: enter its passphrase", { cause: e });
  }
  if (hadPassphrase && /passphrase|integrity check|decrypt/i.test(message)) {
    return new AdapterError("AUTH_FAILED", "the passphrase of the private key is wrong", { cause: e });
  }
  return new AdapterError("INVALID_INPUT", "the private key could not be parsed: paste an OpenSSH or PEM private key", { cause: e });
};
