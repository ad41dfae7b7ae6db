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
    key.includes("\0") ||
    /[\u0000-\u001f\u007f]/.test(key) ||
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
