/**
 * Object keys for the S3 destination, pure: Bunker's keys are relative to the destination root, which is
 * the bucket plus the configured prefix (a folder, so "bunker" and "bunker/" mean the same).
 */
import { AdapterError } from "../../errors";
import { assertObjectKey, assertSafePrefix, isInternalName } from "../object-key";

export { isInternalName, partialPathFor, PROBE_PREFIX, probeKey } from "../object-key";
import { prefixProblem } from "./config";

/** The configured prefix as a folder: "" or "a/b/". */
export const rootPrefix = (prefix: string | undefined): string => {
  const p = (prefix ?? "").trim();
  if (p === "") return "";
  const problem = prefixProblem(p);
  if (problem) throw new AdapterError("INVALID_INPUT", `invalid prefix ${JSON.stringify(p)}: ${problem}`);
  return p.endsWith("/") ? p : `${p}/`;
};

const baseName = (key: string) => key.slice(key.lastIndexOf("/") + 1);

/** The full object key of a Bunker key. */
export const objectKey = (prefix: string | undefined, key: string, opts: { allowInternal?: boolean } = {}): string => {
  assertObjectKey(key, opts);
  return rootPrefix(prefix) + key;
};

/** The ListObjectsV2 prefix for a Bunker prefix. */
export const listPrefix = (prefix: string | undefined, sub: string): string => rootPrefix(prefix) + assertSafePrefix(sub);

/** A listed object key back to the Bunker key, or null for folder markers and Bunker's own files. */
export const keyFromObject = (root: string, objKey: string): string | null => {
  if (!objKey.startsWith(root)) return null;
  const key = objKey.slice(root.length);
  if (key === "" || key.endsWith("/") || isInternalName(baseName(key))) return null;
  return key;
};
