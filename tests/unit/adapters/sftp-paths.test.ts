import { describe, expect, it } from "vitest";
import { isInternalName, isWithinRemote, keyOfRemote, partialPathFor, remoteBase, remoteListRoot, remotePath } from "@/adapters/destinations/sftp/paths";
import type { AdapterError } from "@/adapters/errors";

const code = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (e) {
    return (e as AdapterError).code;
  }
};

describe("sftp remote paths", () => {
  it("normalizes the base", () => {
    expect(remoteBase("/srv/backups/")).toBe("/srv/backups");
    expect(remoteBase("/srv//backups")).toBe("/srv/backups");
    expect(remoteBase("/")).toBe("/");
    expect(code(() => remoteBase("srv"))).toBe("INVALID_INPUT");
  });

  it("joins keys under the base, also when the base is / (chrooted accounts)", () => {
    expect(remotePath("/srv/backups", "job/x.dump")).toBe("/srv/backups/job/x.dump");
    expect(remotePath("/", "job/x.dump")).toBe("/job/x.dump");
  });

  it.each(["../x", "a/../../x", "/etc/passwd", "a//b", "", "a\\b", ".bunker-probe-01", "x.partial-0123456789abcdef"])("refuses %j", (key) => {
    expect(code(() => remotePath("/srv/backups", key))).toBe("INVALID_INPUT");
  });

  it("checks containment by whole segments", () => {
    expect(isWithinRemote("/srv/b", "/srv/b/x")).toBe(true);
    expect(isWithinRemote("/srv/b", "/srv/bx")).toBe(false);
    expect(isWithinRemote("/", "/anything")).toBe(true);
  });

  it("lists from the prefix's directory and maps back to keys", () => {
    expect(remoteListRoot("/srv/b", "")).toBe("/srv/b");
    expect(remoteListRoot("/srv/b", "job")).toBe("/srv/b");
    expect(remoteListRoot("/srv/b", "job/2024/")).toBe("/srv/b/job/2024");
    expect(remoteListRoot("/", "job/")).toBe("/job");
    expect(code(() => remoteListRoot("/srv/b", "../"))).toBe("INVALID_INPUT");
    expect(keyOfRemote("/srv/b", "/srv/b/job/x")).toBe("job/x");
    expect(keyOfRemote("/", "/job/x")).toBe("job/x");
  });

  it("names partial files so listings can hide them", () => {
    const p = partialPathFor("/srv/b/x.dump");
    expect(p).toMatch(/^\/srv\/b\/x\.dump\.partial-[0-9a-f]{16}$/);
    expect(isInternalName(p.slice(p.lastIndexOf("/") + 1))).toBe(true);
  });
});
