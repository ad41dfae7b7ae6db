/**
 * Key → file path mapping for the local destination, pure (no I/O): the symlink checks that need the
 * file system live in index.ts. Keys are validated with assertSafeKey first; the containment check here
 * is the second line.
 */
import path from "node:path";
import { AdapterError } from "../../errors";
import { assertObjectKey, assertSafePrefix } from "../object-key";

export { isInternalName, partialPathFor, PROBE_PREFIX, probeKey } from "../object-key";

const escapes = () => new AdapterError("INVALID_INPUT", "path escapes the destination directory");

/** The configured directory, absolute and normalized; "/" is refused. */
export const resolveBase = (configured: string): string => {
  const base = path.resolve(configured);
  if (base === path.parse(base).root) throw new AdapterError("INVALID_INPUT", "the root directory / cannot hold backups: pick a directory such as /srv/backups");
  return base;
};

/** `child` equals `parent` or lies below it (both absolute and normalized). */
export const isWithin = (parent: string, child: string): boolean => {
  const rel = path.relative(parent, child);
  return rel === "" || (rel !== ".." && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
};

/** The absolute file path of a key, strictly inside `base`. */
export const resolveKey = (base: string, key: string, opts: { allowInternal?: boolean } = {}): string => {
  assertObjectKey(key, opts);
  const target = path.resolve(base, ...key.split("/"));
  if (target === base || !isWithin(base, target)) throw escapes();
  return target;
};

/** The directory a listing starts from: the prefix up to its last "/" (prefixes match like S3's). */
export const listRoot = (base: string, prefix: string): string => {
  assertSafePrefix(prefix);
  const dir = prefix.slice(0, prefix.lastIndexOf("/") + 1);
  const root = dir === "" ? base : path.resolve(base, ...dir.split("/").filter(Boolean));
  if (!isWithin(base, root)) throw escapes();
  return root;
};

/** A file path inside `base` back to its slash-separated key. */
export const keyOf = (base: string, file: string): string => path.relative(base, file).split(path.sep).join("/");
