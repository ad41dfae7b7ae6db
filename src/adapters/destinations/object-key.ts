import { randomBytes } from "node:crypto";
import { AdapterError } from "../errors";

/**
 * Object keys are relative, slash-separated paths made by Bunker (job slug, date, file name). Anything
 * that could escape a base directory or confuse a server is refused rather than cleaned up.
 */
export const assertSafeKey = (key: string): string => {
  const bad =
    key.length === 0 ||
    key.length > 1024 ||
    key.startsWith("/") ||
    key.includes("\\") ||
    [...key].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f) ||
    key.split("/").some((seg) => seg === "" || seg === "." || seg === "..");
  if (bad) throw new AdapterError("INVALID_INPUT", `invalid object key ${JSON.stringify(key.slice(0, 200))}: keys are relative paths without "..", "//" or control characters`);
  return key;
};

/** A prefix is "" or a safe key followed by "/". */
export const assertSafePrefix = (prefix: string): string => {
  if (prefix === "") return prefix;
  assertSafeKey(prefix.endsWith("/") ? prefix.slice(0, -1) : prefix);
  return prefix;
};

/** Names Bunker uses for its own short-lived files; never listed, never accepted as keys. */
export const PROBE_PREFIX = ".bunker-probe-";
const PARTIAL_SUFFIX = /\.partial-[0-9a-f]{16}$/;

export const isInternalName = (name: string): boolean => name.startsWith(PROBE_PREFIX) || PARTIAL_SUFFIX.test(name);

export const probeKey = (): string => `${PROBE_PREFIX}${randomBytes(8).toString("hex")}`;

export const partialPathFor = (finalPath: string): string => `${finalPath}.partial-${randomBytes(8).toString("hex")}`;

/** assertSafeKey, and the file name is not one of Bunker's internal names (unless the caller is Bunker's own probe). */
export const assertObjectKey = (key: string, opts: { allowInternal?: boolean } = {}): string => {
  assertSafeKey(key);
  if (!opts.allowInternal && isInternalName(key.slice(key.lastIndexOf("/") + 1))) {
    throw new AdapterError("INVALID_INPUT", `invalid object key ${JSON.stringify(key)}: names starting with ${PROBE_PREFIX} or ending in .partial-… are reserved`);
  }
  return key;
};
