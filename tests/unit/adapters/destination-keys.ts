/** What the destination path tests (local-, sftp-, s3-paths.test.ts) share. */
import type { AdapterError } from "@/adapters/errors";

/** The AdapterError code that `fn` throws, or undefined when it returns. */
export const thrownCode = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (e) {
    return (e as AdapterError).code;
  }
};

/** Keys every destination refuses: ways out of its directory or prefix, and names that are not plain slash-separated segments. */
export const UNSAFE_KEYS = ["../x", "a/../../x", "/etc/passwd", "a//b", "a/./b", "", "a/", "a\\b", "a\u0000b", "a\nb"];

/** Names Bunker keeps for its own files (probes, unfinished uploads): refused as keys unless it asks for them. */
export const INTERNAL_KEYS = [".bunker-probe-01", "x.partial-0123456789abcdef", "d/x.partial-0123456789abcdef"];
