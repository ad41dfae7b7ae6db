import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { afterAll, beforeAll, expect, it } from "vitest";
import { sftpDestination } from "@/adapters/destinations/sftp";
import { type SftpConfig, sftpConfig } from "@/adapters/destinations/sftp/config";
import { fingerprintOfPublicKeyLine } from "@/adapters/destinations/sftp/host-key";
import { isAdapterError } from "@/adapters/errors";
import type { AdapterContext, ArtifactWriter } from "@/adapters/types";
import { describeWithService, env } from "../helpers/services";

const ctx: AdapterContext = { tmpDir: os.tmpdir() };
const MiB = 1024 * 1024;

const streamSha = async (s: Readable): Promise<{ sha: string; size: number }> => {
  const h = createHash("sha256");
  let size = 0;
  for await (const c of s) {
    h.update(c as Buffer);
    size += (c as Buffer).length;
  }
  return { sha: h.digest("hex"), size };
};

const writeRandom = async (w: ArtifactWriter, total: number, chunk = 64 * 1024): Promise<string> => {
  const h = createHash("sha256");
  for (let left = total; left > 0; left -= chunk) {
    const b = randomBytes(Math.min(chunk, left));
    h.update(b);
    if (!w.stream.write(b)) await new Promise((r) => w.stream.once("drain", r));
  }
  return h.digest("hex");
};

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

const expectAdapterError = async (p: Promise<unknown>, code: string, message?: RegExp | string) => {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(isAdapterError(e), `expected an AdapterError, got ${String(e)}`).toBe(true);
  expect((e as { code: string }).code).toBe(code);
  if (typeof message === "string") expect((e as Error).message).toBe(message);
  else if (message) expect((e as Error).message).toMatch(message);
};

/** Every file under a local directory (the SFTP server is this machine), relative, including partials. */
const filesOnDisk = async (dir: string): Promise<string[]> => {
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const e of await fs.readdir(d, { withFileTypes: true }).catch(() => [])) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) await walk(full);
      else out.push(path.relative(dir, full));
    }
  };
  await walk(dir);
  return out.sort();
};

describeWithService("ssh", "sftp destination against OpenSSH", () => {
  const unique = () => `${process.pid}-${randomBytes(4).toString("hex")}`;
  const keyDir = `/tmp/bk-sftp-${unique()}`;
  const pwDir = `/tmp/bk-sftp-pw-${unique()}`;
  let keyConfig: SftpConfig;
  let pwConfig: SftpConfig;
  let hostFingerprint: string;
  let scratch: string;

  beforeAll(async () => {
    scratch = await fs.mkdtemp(path.join(os.tmpdir(), "bunker-sftp-test-"));
    keyConfig = sftpConfig.parse({
      host: env("SSH_HOST"),
      port: Number(env("SSH_PORT")),
      username: env("SSH_USER"),
      privateKey: await fs.readFile(env("SSH_KEY"), "utf8"),
      path: keyDir,
    });
    pwConfig = sftpConfig.parse({
      host: env("SSH_HOST"),
      port: Number(env("SSH_PORT")),
      username: env("SSH_PASSWORD_USER"),
      password: env("SSH_PASSWORD"),
      path: pwDir,
    });
    // ssh-keygen -lf prints "256 SHA256:… comment (ED25519)"
    hostFingerprint = execFileSync("ssh-keygen", ["-lf", env("SSH_HOST_KEY")], { encoding: "utf8" }).split(" ")[1] ?? "";
  });

  afterAll(async () => {
    for (const d of [keyDir, pwDir, scratch]) await fs.rm(d, { recursive: true, force: true });
  });

  it("test() with a key: details, the host key fingerprint to pin, and no probe left behind", async () => {
    const r = await sftpDestination.test(keyConfig, ctx);
    expect(r).toMatchObject({ ok: true, details: `SFTP root@127.0.0.1:${keyDir} (port ${env("SSH_PORT")})` });
    if (!r.ok) return;
    expect(hostFingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(r.metadata?.hostKeyFingerprint).toBe(hostFingerprint);
    expect(fingerprintOfPublicKeyLine(await fs.readFile(env("SSH_HOST_KEY"), "utf8"))).toBe(hostFingerprint);
    expect(await filesOnDisk(keyDir)).toEqual([]);
    expect(await sftpDestination.list(keyConfig, "", ctx)).toEqual([]);
  });

  it("test() with a password", async () => {
    const r = await sftpDestination.test(pwConfig, ctx);
    expect(r).toMatchObject({ ok: true, metadata: { hostKeyFingerprint: hostFingerprint } });
    expect(await filesOnDisk(pwDir)).toEqual([]);
    expect((await fs.stat(pwDir)).uid).not.toBe(0); // created by sftptest, not root
  });

  it("a pinned fingerprint that matches connects; a different one fails before any credential is sent", async () => {
    expect((await sftpDestination.test({ ...keyConfig, hostKeyFingerprint: hostFingerprint }, ctx)).ok).toBe(true);

    const wrong = `SHA256:${createHash("sha256").update("another host").digest("base64").replace(/=+$/, "")}`;
    const user = `bk-pin-${randomBytes(3).toString("hex")}`;
    const pinned = { ...pwConfig, username: user, hostKeyFingerprint: wrong };
    const r = await sftpDestination.test(pinned, ctx);
    expect(r).toMatchObject({
      ok: false,
      error: `the server's host key changed: expected ${wrong}, got ${hostFingerprint} — if this is expected, clear the pinned fingerprint`,
    });
    await expectAdapterError(sftpDestination.openWriter(pinned, "x.bin", ctx), "HOST_KEY_MISMATCH");
    await expectAdapterError(sftpDestination.list(pinned, "", ctx), "HOST_KEY_MISMATCH");

    // sshd logs "Invalid user <name>" as soon as a client starts authenticating as an unknown user.
    const log = process.env.IT_RUN_DIR ? path.join(process.env.IT_RUN_DIR, "ssh", "log") : null;
    if (log) {
      expect(await fs.readFile(log, "utf8")).not.toContain(user);
      // Control: with the right pin the same user does reach authentication, so the check above can fail.
      expect((await sftpDestination.test({ ...pinned, hostKeyFingerprint: hostFingerprint }, ctx)).ok).toBe(false);
      await expect.poll(async () => fs.readFile(log, "utf8"), { timeout: 3000 }).toContain(`Invalid user ${user}`);
    }
  });

  it("streams a few MB, lists, reads back the same bytes, stats and deletes (key login)", async () => {
    const key = "job1/2024-01-01/db.dump.zst";
    const w = await sftpDestination.openWriter(keyConfig, key, ctx);
    const sha = await writeRandom(w, 5 * MiB + 333, 48 * 1024);
    expect(await w.commit()).toEqual({ size: 5 * MiB + 333 });

    const onDisk = path.join(keyDir, key);
    expect(createHash("sha256").update(await fs.readFile(onDisk)).digest("hex")).toBe(sha);
    expect((await fs.stat(onDisk)).mode & 0o777).toBe(0o640);
    expect(await filesOnDisk(keyDir)).toEqual([key]);

    expect(await streamSha(await sftpDestination.read(keyConfig, key, ctx))).toEqual({ sha, size: 5 * MiB + 333 });
    const listed = await sftpDestination.list(keyConfig, "job1/", ctx);
    expect(listed.map((o) => [o.key, o.size])).toEqual([[key, 5 * MiB + 333]]);
    expect(Math.abs(listed[0]!.modifiedAt.getTime() - Date.now())).toBeLessThan(60_000);
    expect(await sftpDestination.stat(keyConfig, key, ctx)).toMatchObject({ key, size: 5 * MiB + 333 });

    await sftpDestination.delete(keyConfig, key, ctx);
    await sftpDestination.delete(keyConfig, key, ctx); // idempotent
    expect(await sftpDestination.stat(keyConfig, key, ctx)).toBeNull();
    expect(await filesOnDisk(keyDir)).toEqual([]);
    // The emptied job1/2024-01-01 directories went with the file; the base stays.
    expect(await fs.readdir(keyDir)).toEqual([]);
  });

  it("writes, reads and deletes with password login, including a 0-byte object", async () => {
    const w = await sftpDestination.openWriter(pwConfig, "p/data.bin", ctx);
    const sha = await writeRandom(w, 2 * MiB + 1);
    await w.commit();
    expect((await streamSha(await sftpDestination.read(pwConfig, "p/data.bin", ctx))).sha).toBe(sha);

    const empty = await sftpDestination.openWriter(pwConfig, "p/empty.bin", ctx);
    expect(await empty.commit()).toEqual({ size: 0 });
    expect(await sftpDestination.stat(pwConfig, "p/empty.bin", ctx)).toMatchObject({ size: 0 });
    expect((await streamSha(await sftpDestination.read(pwConfig, "p/empty.bin", ctx))).size).toBe(0);

    expect((await sftpDestination.list(pwConfig, "", ctx)).map((o) => [o.key, o.size])).toEqual([
      ["p/data.bin", 2 * MiB + 1],
      ["p/empty.bin", 0],
    ]);
    for (const k of ["p/data.bin", "p/empty.bin"]) await sftpDestination.delete(pwConfig, k, ctx);
    expect(await filesOnDisk(pwDir)).toEqual([]);
  });

  it("nothing is visible before commit; a commit replaces an existing file", async () => {
    const w = await sftpDestination.openWriter(keyConfig, "v/a.bin", ctx);
    await writeRandom(w, 300 * 1024);
    w.stream.end();
    await new Promise((r) => setTimeout(r, 100));
    expect(await sftpDestination.list(keyConfig, "", ctx)).toEqual([]);
    expect(await sftpDestination.stat(keyConfig, "v/a.bin", ctx)).toBeNull();
    const pending = await filesOnDisk(keyDir);
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatch(/^v\/a\.bin\.partial-[0-9a-f]{16}$/);
    await w.commit();
    expect(await filesOnDisk(keyDir)).toEqual(["v/a.bin"]);

    const again = await sftpDestination.openWriter(keyConfig, "v/a.bin", ctx);
    again.stream.end(Buffer.from("second version"));
    await again.commit();
    expect((await fs.readFile(path.join(keyDir, "v/a.bin"), "utf8"))).toBe("second version");
    await sftpDestination.delete(keyConfig, "v/a.bin", ctx);
  });

  it("an aborted write leaves nothing listed and no partial file, before or after the stream ended", async () => {
    const a = await sftpDestination.openWriter(keyConfig, "ab/one.bin", ctx);
    await writeRandom(a, 3 * MiB);
    await a.abort(new Error("cancelled"));
    await a.abort(); // idempotent

    const b = await sftpDestination.openWriter(keyConfig, "ab/two.bin", ctx);
    await writeRandom(b, 100 * 1024);
    b.stream.end();
    await b.abort(new Error("dump exited 1"));
    await expect(b.commit()).rejects.toThrow(/already aborted/);

    expect(await sftpDestination.list(keyConfig, "", ctx)).toEqual([]);
    expect(await filesOnDisk(keyDir)).toEqual([]);
    expect(await fs.readdir(keyDir)).toEqual([]); // nor the directories the writes created
  });

  it("lists nested prefixes with keys relative to the remote directory", async () => {
    for (const [key, n] of [
      ["a/b/1.bin", 10],
      ["a/c/2.bin", 20],
      ["a-b/3.bin", 30],
      ["d/4.bin", 0],
    ] as const) {
      const w = await sftpDestination.openWriter(keyConfig, key, ctx);
      w.stream.end(randomBytes(n));
      await w.commit();
    }
    const keys = async (p: string) => (await sftpDestination.list(keyConfig, p, ctx)).map((o) => `${o.key}:${o.size}`);
    expect(await keys("")).toEqual(["a-b/3.bin:30", "a/b/1.bin:10", "a/c/2.bin:20", "d/4.bin:0"]);
    expect(await keys("a/")).toEqual(["a/b/1.bin:10", "a/c/2.bin:20"]);
    expect(await keys("a")).toEqual(["a-b/3.bin:30", "a/b/1.bin:10", "a/c/2.bin:20"]);
    expect(await keys("a/b/")).toEqual(["a/b/1.bin:10"]);
    expect(await keys("missing/")).toEqual([]);
    for (const o of await sftpDestination.list(keyConfig, "", ctx)) await sftpDestination.delete(keyConfig, o.key, ctx);
    expect(await fs.readdir(keyDir)).toEqual([]);
  });

  it("refuses keys and prefixes that could escape, changing nothing", async () => {
    for (const key of ["../x", "a/../../x", "/etc/passwd", "a//b", "a/./b", ".bunker-probe-1234", "x.partial-0123456789abcdef"]) {
      await expectAdapterError(sftpDestination.openWriter(keyConfig, key, ctx), "INVALID_INPUT");
      await expectAdapterError(sftpDestination.read(keyConfig, key, ctx), "INVALID_INPUT");
      await expectAdapterError(sftpDestination.stat(keyConfig, key, ctx), "INVALID_INPUT");
      await expectAdapterError(sftpDestination.delete(keyConfig, key, ctx), "INVALID_INPUT");
    }
    await expectAdapterError(sftpDestination.list(keyConfig, "../", ctx), "INVALID_INPUT");
    expect(await filesOnDisk(keyDir)).toEqual([]);
  });

  it("read of a missing key is NOT_FOUND", async () => {
    await expectAdapterError(sftpDestination.read(keyConfig, "nope/missing.bin", ctx), "NOT_FOUND", /missing\.bin does not exist/);
  });

  it("a wrong password fails clearly and writes nothing", async () => {
    const bad = { ...pwConfig, password: "not-the-password" };
    const r = await sftpDestination.test(bad, ctx);
    expect(r).toEqual({ ok: false, latencyMs: expect.any(Number), error: "authentication failed for user sftptest" });
    await expectAdapterError(sftpDestination.openWriter(bad, "x.bin", ctx), "AUTH_FAILED");
    expect(await filesOnDisk(pwDir)).toEqual([]);
  });

  it("bad private keys and passphrases fail with their own messages", async () => {
    const garbage = await sftpDestination.test({ ...keyConfig, privateKey: "-----BEGIN OPENSSH PRIVATE KEY-----\nnot a key\n-----END OPENSSH PRIVATE KEY-----" }, ctx);
    expect(garbage).toMatchObject({ ok: false, error: expect.stringContaining("the private key could not be parsed") });
    const pub = await sftpDestination.test({ ...keyConfig, privateKey: await fs.readFile(`${env("SSH_KEY")}.pub`, "utf8") }, ctx);
    expect(pub).toMatchObject({ ok: false, error: "this is a public key: paste the private key instead" });

    const encrypted = path.join(scratch, "enc_key");
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "right-phrase", "-f", encrypted]);
    const pem = await fs.readFile(encrypted, "utf8");
    expect(await sftpDestination.test({ ...keyConfig, privateKey: pem }, ctx)).toMatchObject({ ok: false, error: "the private key is encrypted: enter its passphrase" });
    const wrongPhrase = await sftpDestination.test({ ...keyConfig, privateKey: pem, passphrase: "wrong-phrase" }, ctx);
    expect(wrongPhrase).toMatchObject({ ok: false, error: "the passphrase of the private key is wrong" });
    if (!wrongPhrase.ok) expect(wrongPhrase.error).not.toContain("wrong-phrase");
    // The right passphrase opens the key; the server then refuses it (it is not in authorized_keys).
    expect(await sftpDestination.test({ ...keyConfig, privateKey: pem, passphrase: "right-phrase" }, ctx)).toMatchObject({
      ok: false,
      error: "authentication failed for user root",
    });
  });

  it("an unreachable port fails clearly", async () => {
    const port = await freePort();
    expect(await sftpDestination.test({ ...keyConfig, port }, ctx)).toMatchObject({ ok: false, error: `cannot reach 127.0.0.1:${port} (connection refused)` });
    await expectAdapterError(sftpDestination.list({ ...keyConfig, port }, "", ctx), "UNREACHABLE");
  });

  it("a directory the user may not write to fails with permission denied", async () => {
    const locked = path.join(scratch, "locked");
    await fs.mkdir(locked, { mode: 0o755 }); // owned by root; sftptest may not write
    await fs.chmod(scratch, 0o755);
    const r = await sftpDestination.test({ ...pwConfig, path: locked }, ctx);
    expect(r).toMatchObject({ ok: false, error: `permission denied: sftptest@127.0.0.1:${locked}` });
    expect(await fs.readdir(locked)).toEqual([]);
  });
});
