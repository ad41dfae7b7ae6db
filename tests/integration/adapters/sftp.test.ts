import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { sftpDestination } from "@/adapters/destinations/sftp";
import { type SftpConfig, sftpConfig } from "@/adapters/destinations/sftp/config";
import { fingerprintOfPublicKeyLine } from "@/adapters/destinations/sftp/host-key";
import type { AdapterContext } from "@/adapters/types";
import { MiB, expectAdapterError, freePort, streamSha, writeRandom } from "../helpers/adapters";
import { describeWithService, env } from "../helpers/services";
import { describeDestinationContract, directoryStore, tree } from "./destination-contract";

const ctx: AdapterContext = { tmpDir: os.tmpdir() };

/** Every file under a local directory (the SFTP server is this machine), relative, including partials. */
const filesOnDisk = async (dir: string): Promise<string[]> => (await tree(dir)).filter((e) => !e.endsWith("/"));

describeWithService("ssh", "sftp destination against OpenSSH", () => {
  const unique = () => `${process.pid}-${randomBytes(4).toString("hex")}`;
  const keyDir = `/tmp/bk-sftp-${unique()}`;
  const pwDir = `/tmp/bk-sftp-pw-${unique()}`;
  const contractDir = `/tmp/bk-sftp-contract-${unique()}`;
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
    for (const d of [keyDir, pwDir, contractDir, scratch]) await fs.rm(d, { recursive: true, force: true });
  });

  describeDestinationContract("sftp (key login)", {
    open: async () => {
      const dir = path.join(contractDir, `t-${randomBytes(3).toString("hex")}`);
      return directoryStore(sftpDestination, { ...keyConfig, path: dir }, dir, contractDir);
    },
    staging: "partial-file",
    messages: { notFound: /nope\/missing\.bin does not exist/, brokenStream: /upstream broke/ },
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
