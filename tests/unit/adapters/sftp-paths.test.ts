import { describe, expect, it } from "vitest";
import { isInternalName, isWithinRemote, keyOfRemote, partialPathFor, remoteBase, remoteListRoot, remotePath } from "@/adapters/destinations/sftp/paths";
import { INTERNAL_KEYS, UNSAFE_KEYS, thrownCode } from "./destination-keys";

describe("sftp remote paths", () => {
  it("normalizes the base", () => {
    expect(remoteBase("/srv/backups/")).toBe("/srv/backups");
    expect(remoteBase("/srv//backups")).toBe("/srv/backups");
    expect(remoteBase("/")).toBe("/");
    expect(thrownCode(() => remoteBase("srv"))).toBe("INVALID_INPUT");
  });

  it("joins keys under the base, also when the base is / (chrooted accounts)", () => {
    expect(remotePath("/srv/backups", "job/x.dump")).toBe("/srv/backups/job/x.dump");
    expect(remotePath("/", "job/x.dump")).toBe("/job/x.dump");
  });

  it.each([...UNSAFE_KEYS, ...INTERNAL_KEYS])("refuses %j", (key) => {
    expect(thrownCode(() => remotePath("/srv/backups", key))).toBe("INVALID_INPUT");
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
    expect(thrownCode(() => remoteListRoot("/srv/b", "../"))).toBe("INVALID_INPUT");
    expect(keyOfRemote("/srv/b", "/srv/b/job/x")).toBe("job/x");
    expect(keyOfRemote("/", "/job/x")).toBe("job/x");
  });

  it("names partial files so listings can hide them", () => {
    const p = partialPathFor("/srv/b/x.dump");
    expect(p).toMatch(/^\/srv\/b\/x\.dump\.partial-[0-9a-f]{16}$/);
    expect(isInternalName(p.slice(p.lastIndexOf("/") + 1))).toBe(true);
  });
});
