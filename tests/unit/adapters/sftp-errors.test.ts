import { describe, expect, it } from "vitest";
import { privateKeyError, sftpError, sshError } from "@/adapters/destinations/sftp/errors";
import { AdapterError } from "@/adapters/errors";

const target = { host: "backup.example.com", port: 2222, username: "bunker" };
const ssh = (message: string, extra: Record<string, unknown>) => Object.assign(new Error(message), extra);

describe("ssh connection errors", () => {
  it.each([
    [ssh("connect ECONNREFUSED", { level: "client-socket", code: "ECONNREFUSED" }), "UNREACHABLE", "cannot reach backup.example.com:2222 (connection refused)"],
    [ssh("getaddrinfo ENOTFOUND", { level: "client-socket", code: "ENOTFOUND" }), "UNREACHABLE", "cannot reach backup.example.com:2222 (host not found)"],
    [ssh("connect EHOSTUNREACH", { level: "client-socket", code: "EHOSTUNREACH" }), "UNREACHABLE", "cannot reach backup.example.com:2222 (no route to host)"],
    [ssh("Timed out while waiting for handshake", { level: "client-timeout" }), "UNREACHABLE", "cannot reach backup.example.com:2222 (no SSH handshake in time)"],
    [ssh("All configured authentication methods failed", { level: "client-authentication" }), "AUTH_FAILED", "authentication failed for user bunker"],
    [ssh("no matching host key", { level: "handshake" }), "FAILED", "SSH handshake with backup.example.com:2222 failed: no matching host key"],
  ])("%s → %s", (e, code, message) => {
    expect(sshError(e, target)).toMatchObject({ code, message });
  });

  it("passes AdapterErrors through", () => {
    const a = new AdapterError("HOST_KEY_MISMATCH", "changed");
    expect(sshError(a, target)).toBe(a);
  });
});

describe("sftp status errors", () => {
  const where = "bunker@backup.example.com:/srv/b/x";
  it.each([
    [2, "NOT_FOUND", `${where} does not exist`],
    [3, "PERMISSION_DENIED", `permission denied: ${where}`],
    [7, "UNREACHABLE", `the SFTP connection was lost (${where})`],
    [8, "FAILED", `the SFTP server does not support this operation (${where})`],
    [4, "FAILED", `${where}: Failure`],
  ])("status %i → %s", (status, code, message) => {
    const e = Object.assign(new Error(status === 4 ? "Failure" : "x"), { code: status });
    expect(sftpError(e, where)).toMatchObject({ code, message });
  });

  it("treats a dropped channel as unreachable", () => {
    expect(sftpError(new Error("No response from server"), where)).toMatchObject({ code: "UNREACHABLE" });
  });
});

describe("private key errors", () => {
  it("tells a missing passphrase, a wrong one and an unparseable key apart", () => {
    expect(privateKeyError(new Error("Encrypted private OpenSSH key detected, but no passphrase given"), false)).toMatchObject({
      code: "AUTH_FAILED",
      message: "the private key is encrypted: enter its passphrase",
    });
    expect(privateKeyError(new Error("OpenSSH key integrity check failed -- bad passphrase?"), true)).toMatchObject({
      code: "AUTH_FAILED",
      message: "the passphrase of the private key is wrong",
    });
    expect(privateKeyError(new Error("Unsupported key format"), false)).toMatchObject({
      code: "INVALID_INPUT",
      message: "the private key could not be parsed: paste an OpenSSH or PEM private key",
    });
    expect(privateKeyError(new Error("Malformed OpenSSH private key"), false).code).toBe("INVALID_INPUT");
  });
});
