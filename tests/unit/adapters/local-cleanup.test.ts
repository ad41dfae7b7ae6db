import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cleanupLocalPartials } from "@/adapters/destinations/local/cleanup";

describe("local cleanupPartials", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "bunker-cleanup-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const file = (rel: string, ageMs: number) => {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, "x");
    const t = new Date(Date.now() - ageMs);
    fs.utimesSync(p, t, t);
    return p;
  };

  it("removes only old *.partial-<16 hex> files, recursively", async () => {
    const old = file("job/2026-01-01/db.dump.zst.partial-0123456789abcdef", 5 * 60_000);
    const fresh = file("job/2026-01-01/other.dump.partial-fedcba9876543210", 1_000);
    const kept = [
      file("job/2026-01-01/db.dump.zst", 5 * 60_000),
      file("job/2026-01-01/x.partial-123", 5 * 60_000),
      file("notes.partial-0123456789ABCDEF", 5 * 60_000),
      fresh,
    ];
    fs.symlinkSync(old, path.join(dir, "link.partial-aaaaaaaaaaaaaaaa"));
    expect(await cleanupLocalPartials({ path: dir } as Parameters<typeof cleanupLocalPartials>[0])).toEqual({ removed: 1 });
    expect(fs.existsSync(old)).toBe(false);
    for (const k of kept) expect(fs.existsSync(k)).toBe(true);
  });

  it("a missing base directory is nothing to clean", async () => {
    expect(await cleanupLocalPartials({ path: path.join(dir, "missing") } as Parameters<typeof cleanupLocalPartials>[0])).toEqual({ removed: 0 });
  });
});
