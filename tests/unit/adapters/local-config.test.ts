import { describe, expect, it } from "vitest";
import { localConfig } from "@/adapters/destinations/local/config";
import { describeConfig } from "@/server/services/adapters/config-fields";

const problem = (p: unknown) => {
  const r = localConfig.safeParse({ path: p });
  return r.success ? null : r.error.issues[0]?.message;
};

describe("local config schema", () => {
  it("accepts absolute directories, trimmed", () => {
    expect(localConfig.parse({ path: " /srv/backups " })).toEqual({ path: "/srv/backups" });
    expect(problem("/mnt/nas/bunker/")).toBeNull();
  });

  it.each([
    ["", "Enter the directory backups go to"],
    ["backups", "Use an absolute path, e.g. /srv/backups"],
    ["./backups", "Use an absolute path, e.g. /srv/backups"],
    ["/", "The root directory / cannot hold backups: pick a directory such as /srv/backups"],
    ["///", "The root directory / cannot hold backups: pick a directory such as /srv/backups"],
    ["/srv/../etc", 'Write the path without "." or ".." parts'],
    ["/srv/./x", 'Write the path without "." or ".." parts'],
    ["/srv/a\u0000b", "The path contains control characters"],
  ])("refuses %j", (p, message) => {
    expect(problem(p)).toBe(message);
  });

  it("describes one required field for the form", () => {
    expect(describeConfig(localConfig)).toEqual([
      expect.objectContaining({ name: "path", type: "string", title: "Directory", required: true, secret: false, placeholder: "/srv/backups" }),
    ]);
  });
});
