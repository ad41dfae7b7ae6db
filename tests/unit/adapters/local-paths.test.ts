import path from "node:path";
import { describe, expect, it } from "vitest";
import { fsError } from "@/adapters/destinations/local/fs-errors";
import { isInternalName, isWithin, keyOf, listRoot, partialPathFor, probeKey, resolveBase, resolveKey } from "@/adapters/destinations/local/paths";
import { AdapterError } from "@/adapters/errors";
import { INTERNAL_KEYS, UNSAFE_KEYS, thrownCode } from "./destination-keys";

describe("local key → path mapping", () => {
  it("resolves keys inside the base", () => {
    expect(resolveKey("/srv/backups", "job/2024-01-01/x.dump")).toBe("/srv/backups/job/2024-01-01/x.dump");
    expect(resolveKey("/srv/backups", "..x")).toBe("/srv/backups/..x"); // a name that merely starts with dots
  });

  it.each([...UNSAFE_KEYS, ...INTERNAL_KEYS])("refuses %j", (key) => {
    expect(thrownCode(() => resolveKey("/srv/backups", key))).toBe("INVALID_INPUT");
  });

  it("reserves Bunker's own names unless asked", () => {
    expect(thrownCode(() => resolveKey("/b", ".bunker-probe-0011"))).toBe("INVALID_INPUT");
    expect(thrownCode(() => resolveKey("/b", "x/y.partial-0123456789abcdef"))).toBe("INVALID_INPUT");
    expect(resolveKey("/b", ".bunker-probe-0011", { allowInternal: true })).toBe("/b/.bunker-probe-0011");
    expect(resolveKey("/b", "y.partial-xyz")).toBe("/b/y.partial-xyz"); // not the partial pattern
  });

  it("normalizes the base and refuses the root", () => {
    expect(resolveBase("/srv/backups/")).toBe("/srv/backups");
    expect(resolveBase("/srv/./backups")).toBe("/srv/backups");
    expect(thrownCode(() => resolveBase("/"))).toBe("INVALID_INPUT");
    expect(thrownCode(() => resolveBase("/srv/.."))).toBe("INVALID_INPUT");
  });

  it("containment compares whole path segments", () => {
    expect(isWithin("/a/b", "/a/b")).toBe(true);
    expect(isWithin("/a/b", "/a/b/c")).toBe(true);
    expect(isWithin("/a/b", "/a/bc")).toBe(false);
    expect(isWithin("/a/b", "/a")).toBe(false);
    expect(isWithin("/a/b", "/a/b/..c")).toBe(true);
  });

  it("lists from the prefix's directory, matching like S3 prefixes", () => {
    expect(listRoot("/b", "")).toBe("/b");
    expect(listRoot("/b", "job")).toBe("/b");
    expect(listRoot("/b", "job/")).toBe("/b/job");
    expect(listRoot("/b", "job/2024-")).toBe("/b/job");
    expect(thrownCode(() => listRoot("/b", "../"))).toBe("INVALID_INPUT");
    expect(thrownCode(() => listRoot("/b", "/etc/"))).toBe("INVALID_INPUT");
  });

  it("maps files back to slash-separated keys", () => {
    expect(keyOf("/b", path.join("/b", "job", "x.dump"))).toBe("job/x.dump");
  });

  it("names partial files and probes so listings can hide them", () => {
    const partial = partialPathFor("/b/job/x.dump");
    expect(partial).toMatch(/^\/b\/job\/x\.dump\.partial-[0-9a-f]{16}$/);
    expect(isInternalName(path.basename(partial))).toBe(true);
    expect(isInternalName(probeKey())).toBe(true);
    expect(probeKey()).not.toBe(probeKey());
    expect(isInternalName("x.dump")).toBe(false);
    expect(isInternalName("x.partial")).toBe(false);
  });
});

describe("local file-system errors", () => {
  const err = (c: string) => Object.assign(new Error(`${c}: boom, open '/b/x.partial-0123'`), { code: c });
  it.each([
    ["ENOENT", "NOT_FOUND", "/srv/b does not exist"],
    ["EACCES", "PERMISSION_DENIED", "cannot write to /srv/b (permission denied)"],
    ["EPERM", "PERMISSION_DENIED", "cannot write to /srv/b (permission denied)"],
    ["EROFS", "PERMISSION_DENIED", "cannot write to /srv/b (read-only file system)"],
    ["EEXIST", "INVALID_INPUT", "/srv/b is not a directory (a file is in the way)"],
    ["ENOTDIR", "INVALID_INPUT", "/srv/b is not a directory (a file is in the way)"],
    ["ELOOP", "INVALID_INPUT", "/srv/b is a symbolic link, which is not followed"],
    ["ENOSPC", "FAILED", "no space left on the device holding /srv/b"],
  ])("%s → %s", (c, expected, message) => {
    const e = fsError(err(c), "/srv/b");
    expect(e.code).toBe(expected);
    expect(e.message).toBe(message);
    expect(e.message).not.toContain("partial"); // the random partial name never reaches the user
  });

  it("passes AdapterErrors through and keeps unknown errors' text", () => {
    const a = new AdapterError("INVALID_INPUT", "x");
    expect(fsError(a, "/b")).toBe(a);
    expect(fsError(new Error("weird"), "/b")).toMatchObject({ code: "FAILED", message: "/b: weird" });
  });
});
