import { describe, expect, it } from "vitest";
import { sftpConfig } from "@/adapters/destinations/sftp/config";
import { checkPrivateKey } from "@/adapters/destinations/sftp/session";
import type { AdapterError } from "@/adapters/errors";
import { describeConfig, secretFieldNames } from "@/server/services/adapters/config-fields";

const base = { host: "backup.example.com", username: "bunker", path: "/srv/backups" };
const issues = (v: unknown) => {
  const r = sftpConfig.safeParse(v);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("sftp config schema", () => {
  it("needs a password or a private key", () => {
    expect(issues(base)).toEqual(["password: Enter a password or a private key"]);
    expect(issues({ ...base, password: "" })).toEqual(["password: Enter a password or a private key"]);
    expect(issues({ ...base, privateKey: "   " })).toEqual(["password: Enter a password or a private key"]);
    expect(issues({ ...base, password: "pw" })).toEqual([]);
    expect(issues({ ...base, privateKey: "-----BEGIN OPENSSH PRIVATE KEY-----" })).toEqual([]);
  });

  it("defaults the port to 22 and checks it", () => {
    expect(sftpConfig.parse({ ...base, password: "pw" }).port).toBe(22);
    expect(issues({ ...base, password: "pw", port: 0 })).toHaveLength(1);
    expect(issues({ ...base, password: "pw", port: 70000 })).toHaveLength(1);
  });

  it("wants an absolute remote path without dot segments", () => {
    expect(issues({ ...base, password: "pw", path: "backups" })).toEqual(["path: Use an absolute path on the server, e.g. /srv/backups"]);
    expect(issues({ ...base, password: "pw", path: "/srv/../etc" })).toEqual(['path: Write the path without "." or ".." parts']);
    expect(issues({ ...base, password: "pw", path: "/" })).toEqual([]); // chrooted accounts
  });

  it("takes hosts without user@ or a port", () => {
    expect(issues({ ...base, password: "pw", host: "10.0.0.5" })).toEqual([]);
    expect(issues({ ...base, password: "pw", host: "[2001:db8::1]" })).toEqual([]);
    expect(issues({ ...base, password: "pw", host: "root@host" })).toHaveLength(1);
    expect(issues({ ...base, password: "pw", host: "host name" })).toHaveLength(1);
  });

  it("accepts a fingerprint in ssh-keygen's form, or none", () => {
    const fp = "SHA256:4+j9eSSydp3QBVVXX6eNyPO74/XtQphBQgQvr8qBWy4";
    expect(issues({ ...base, password: "pw", hostKeyFingerprint: fp })).toEqual([]);
    expect(issues({ ...base, password: "pw", hostKeyFingerprint: `${fp}=` })).toEqual([]);
    expect(issues({ ...base, password: "pw", hostKeyFingerprint: "" })).toEqual([]);
    expect(issues({ ...base, password: "pw", hostKeyFingerprint: "MD5:aa:bb" })).toEqual(["hostKeyFingerprint: Use the form SHA256:… as printed by ssh-keygen -lf"]);
  });

  it("marks secrets, the multiline key and the advanced fields for the form", () => {
    expect(secretFieldNames(sftpConfig)).toEqual(["password", "privateKey", "passphrase"]);
    const fields = Object.fromEntries(describeConfig(sftpConfig).map((f) => [f.name, f]));
    expect(fields.privateKey).toMatchObject({ multiline: true, secret: true, required: false });
    expect(fields.passphrase).toMatchObject({ advanced: true });
    expect(fields.port).toMatchObject({ type: "number", defaultValue: 22 });
    expect(fields.hostKeyFingerprint).toMatchObject({ required: false, secret: false, description: expect.stringContaining("pinned automatically on the first successful connection") });
  });
});

describe("private key pre-check", () => {
  const code = (fn: () => unknown) => {
    try {
      fn();
      return undefined;
    } catch (e) {
      return `${(e as AdapterError).code}: ${(e as AdapterError).message}`;
    }
  };
  it("refuses garbage and public keys before connecting", () => {
    expect(code(() => checkPrivateKey("hello"))).toBe("INVALID_INPUT: the private key could not be parsed: paste an OpenSSH or PEM private key");
    expect(code(() => checkPrivateKey("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICvjeGCFM6zL3sA+Wx623ASG6XjD5gPanJBpLhZyh9bA x"))).toBe(
      "INVALID_INPUT: this is a public key: paste the private key instead",
    );
  });
});
