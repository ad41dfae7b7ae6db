import { AdapterError, isAdapterError } from "../../errors";

const codeOf = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | undefined)?.code;

/**
 * A Node file-system error → an AdapterError naming `where` (a directory or key the user knows), never
 * the random partial-file name. AdapterErrors pass through unchanged.
 */
export const fsError = (e: unknown, where: string): AdapterError => {
  if (isAdapterError(e)) return e;
  switch (codeOf(e)) {
    case "ENOENT":
      return new AdapterError("NOT_FOUND", `${where} does not exist`, { cause: e });
    case "EACCES":
    case "EPERM":
      return new AdapterError("PERMISSION_DENIED", `cannot write to ${where} (permission denied)`, { cause: e });
    case "EROFS":
      return new AdapterError("PERMISSION_DENIED", `cannot write to ${where} (read-only file system)`, { cause: e });
    case "EEXIST":
    case "ENOTDIR":
      return new AdapterError("INVALID_INPUT", `${where} is not a directory (a file is in the way)`, { cause: e });
    case "EISDIR":
      return new AdapterError("INVALID_INPUT", `${where} is a directory, not a file`, { cause: e });
    case "ELOOP":
      return new AdapterError("INVALID_INPUT", `${where} is a symbolic link, which is not followed`, { cause: e });
    case "ENOSPC":
      return new AdapterError("FAILED", `no space left on the device holding ${where}`, { cause: e });
    case "EDQUOT":
      return new AdapterError("FAILED", `disk quota exceeded for ${where}`, { cause: e });
    default:
      return new AdapterError("FAILED", `${where}: ${(e as Error | undefined)?.message ?? String(e)}`, { cause: e });
  }
};
