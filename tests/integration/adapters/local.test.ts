import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { localDestination } from "@/adapters/destinations/local";
import { type LocalConfig, localConfig } from "@/adapters/destinations/local/config";
import type { AdapterContext } from "@/adapters/types";
import { expectAdapterError } from "../helpers/adapters";
import { describeDestinationContract, directoryStore, tree } from "./destination-contract";

const ctx: AdapterContext = { tmpDir: os.tmpdir() };

describe("local destination", () => {
  let root: string;
  let base: string;
  let outside: string;
  let config: LocalConfig;

  /** A directory for one test inside root; it does not exist yet. */
  const freshBase = () => path.join(root, `backups-${randomBytes(3).toString("hex")}`);

  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), "bunker-local-"));
    outside = path.join(root, "outside");
    await fs.mkdir(outside);
  });

  beforeEach(async () => {
    base = freshBase();
    config = localConfig.parse({ path: base });
  });

  afterAll(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  describeDestinationContract("local", {
    open: async () => {
      const dir = freshBase();
      return directoryStore(localDestination, localConfig.parse({ path: dir }), dir, root);
    },
    staging: "partial-file",
    messages: { notFound: /nope\/missing\.bin does not exist/, brokenStream: /upstream broke/ },
  });

  it("test() creates the directory, reports it writable and leaves nothing behind", async () => {
    const r = await localDestination.test(config, ctx);
    expect(r).toMatchObject({ ok: true, details: expect.stringMatching(new RegExp(`^writable: ${base} \\(.* free\\)$`)) });
    expect(await tree(base)).toEqual([]);
  });

  it("does not follow symlinks out of the directory", async () => {
    await fs.mkdir(base);
    await fs.writeFile(path.join(outside, "secret.txt"), "secret");
    await fs.symlink(outside, path.join(base, "evil"));
    await fs.symlink(path.join(outside, "secret.txt"), path.join(base, "link.txt"));
    const before = await tree(outside);

    await expectAdapterError(localDestination.openWriter(config, "evil/x.bin", ctx), "INVALID_INPUT", "path escapes the destination directory");
    await expectAdapterError(localDestination.openWriter(config, "evil/deeper/x.bin", ctx), "INVALID_INPUT", "path escapes the destination directory");
    await expectAdapterError(localDestination.read(config, "evil/secret.txt", ctx), "INVALID_INPUT", "path escapes the destination directory");
    await expectAdapterError(localDestination.delete(config, "evil/secret.txt", ctx), "INVALID_INPUT");
    await expectAdapterError(localDestination.read(config, "link.txt", ctx), "INVALID_INPUT", /symbolic link/);
    expect(await localDestination.stat(config, "link.txt", ctx)).toBeNull();
    expect(await localDestination.list(config, "", ctx)).toEqual([]);
    await expectAdapterError(localDestination.list(config, "evil/", ctx), "INVALID_INPUT");
    expect(await tree(outside)).toEqual(before); // nothing created, nothing deleted
  });

  it("a base path that is a file fails clearly", async () => {
    const file = path.join(root, `a-file-${randomBytes(3).toString("hex")}`);
    await fs.writeFile(file, "not a directory");
    const r = await localDestination.test({ path: file }, ctx);
    expect(r).toMatchObject({ ok: false, error: `${file} is not a directory (a file is in the way)` });
    await expectAdapterError(localDestination.openWriter({ path: file }, "x.bin", ctx), "INVALID_INPUT");
    expect(await fs.readFile(file, "utf8")).toBe("not a directory");
  });

  it("refuses / as the directory, in the schema and in the adapter", async () => {
    expect(localConfig.safeParse({ path: "/" }).success).toBe(false);
    expect(localConfig.safeParse({ path: "//" }).success).toBe(false);
    const r = await localDestination.test({ path: "/" }, ctx);
    expect(r).toMatchObject({ ok: false, error: expect.stringContaining("the root directory / cannot hold backups") });
    await expectAdapterError(localDestination.openWriter({ path: "/" }, "x.bin", ctx), "INVALID_INPUT");
  });

  it("a directory that cannot be written fails with permission denied", async ({ skip }) => {
    await fs.mkdir(base);
    try {
      execFileSync("chattr", ["+i", base], { stdio: "ignore" }); // immutable: even root cannot create files in it
    } catch {
      skip("chattr +i is not available here (needs root on ext4/xfs)");
    }
    try {
      const r = await localDestination.test(config, ctx);
      expect(r).toMatchObject({ ok: false, error: `cannot write to ${base} (permission denied)` });
    } finally {
      execFileSync("chattr", ["-i", base]);
    }
    expect(await tree(base)).toEqual([]);
  });
});
