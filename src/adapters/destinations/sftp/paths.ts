/**
 * Key → remote path mapping for the SFTP destination, pure. Remote paths are always POSIX, whatever the
 * local platform.
 */
import { posix } from "node:path";
import { AdapterError } from "../../errors";
import { assertObjectKey, assertSafePrefix } from "../object-key";

export { isInternalName, partialPathFor, PROBE_PREFIX, probeKey } from "../object-key";

const escapes = () => new AdapterError("INVALID_INPUT", "path escapes the destination directory");

/** The configured remote directory, normalized, without a trailing slash ("/" stays "/"). */
export const remoteBase = (configured: string): string => {
  if (!configured.startsWith("/")) throw new AdapterError("INVALID_INPUT", `the remote directory must be an absolute path, not ${JSON.stringify(configured)}`);
  const base = posix.normalize(configured);
  return base.length > 1 && base.endsWith("/") ? base.slice(0, -1) : base;
};

/** `child` equals `parent` or lies below it (both normalized). */
export const isWithinRemote = (parent: string, child: string): boolean =>
  child === parent || child.startsWith(parent === "/" ? "/" : `${parent}/`);

export const remotePath = (base: string, key: string, opts: { allowInternal?: boolean } = {}): string => {
  assertObjectKey(key, opts);
  const p = posix.join(base, key);
  if (p === base || !isWithinRemote(base, p)) throw escapes();
  return p;
};

/** The directory a listing starts from: the prefix up to its last "/" (prefixes match like S3's). */
export const remoteListRoot = (base: string, prefix: string): string => {
  assertSafePrefix(prefix);
  const dir = prefix.slice(0, prefix.lastIndexOf("/") + 1);
  const root = dir === "" ? base : posix.join(base, dir).replace(/\/$/, "");
  if (!isWithinRemote(base, root)) throw escapes();
  return root;
};

export const keyOfRemote = (base: string, p: string): string => (base === "/" ? p.slice(1) : p.slice(base.length + 1));
