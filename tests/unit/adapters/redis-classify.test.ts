import { describe, expect, it } from "vitest";
import { classifyRedisError } from "@/adapters/sources/redis/classify-error";
import { restoreReplyError } from "@/adapters/sources/redis/restore";

const target = { host: "cache.internal", port: 6380 };
const errno = (code: string, message: string) => Object.assign(new Error(message), { code });

describe("classifyRedisError", () => {
  it("unreachable servers name host:port", () => {
    expect(classifyRedisError(errno("ECONNREFUSED", "connect ECONNREFUSED 10.0.0.1:6380"), target)).toMatchObject({
      code: "UNREACHABLE",
      message: "Redis at cache.internal:6380 is unreachable: connection refused",
    });
    expect(classifyRedisError(errno("ETIMEDOUT", "connect ETIMEDOUT"), target, 10)).toMatchObject({ code: "UNREACHABLE", message: expect.stringMatching(/cache\.internal:6380.*no answer within 10 s/) });
    expect(classifyRedisError(errno("ENOTFOUND", "getaddrinfo ENOTFOUND cache.internal"), target).message).toMatch(/cannot resolve cache\.internal/);
    expect(classifyRedisError(new Error("Command timed out"), target).code).toBe("UNREACHABLE");
    expect(classifyRedisError(new Error("Connection is closed."), target)).toMatchObject({ code: "UNREACHABLE", message: expect.stringMatching(/closed/) });
    expect(classifyRedisError(errno("ECONNREFUSED", "x"), { host: "::1", port: 6379 }).message).toMatch(/\[::1\]:6379/);
  });

  it("tells a wrong password from a missing one", () => {
    const wrong = classifyRedisError(new Error("WRONGPASS invalid username-password pair or user is disabled."), target);
    expect(wrong).toMatchObject({ code: "AUTH_FAILED", message: "wrong password for Redis at cache.internal:6380" });
    expect(classifyRedisError(new Error("WRONGPASS invalid username-password pair"), { ...target, username: "app" }).message).toMatch(/wrong username or password/);
    expect(classifyRedisError(new Error("ERR invalid password"), target).code).toBe("AUTH_FAILED");
    const none = classifyRedisError(new Error("NOAUTH HELLO must be called with the client already authenticated"), target);
    expect(none).toMatchObject({ code: "AUTH_FAILED", message: expect.stringMatching(/^password required/) });
  });

  it("classifies permissions, missing databases, TLS and the rest", () => {
    expect(classifyRedisError(new Error("NOPERM this user has no permissions to run the 'dump' command"), target)).toMatchObject({ code: "PERMISSION_DENIED", message: expect.stringMatching(/'dump'/) });
    expect(classifyRedisError(new Error("ERR DB index is out of range"), target).code).toBe("NOT_FOUND");
    expect(classifyRedisError(errno("EPROTO", "write EPROTO ... wrong version number"), { ...target, tls: true })).toMatchObject({ code: "UNREACHABLE", message: expect.stringMatching(/^TLS connection/) });
    expect(classifyRedisError(new Error("ERR something odd"), target)).toMatchObject({ code: "FAILED", message: "Redis at cache.internal:6380: ERR something odd" });
  });

  it("never puts a password in the message", () => {
    const e = classifyRedisError(new Error("WRONGPASS invalid username-password pair"), { ...target });
    expect(e.message).not.toMatch(/s3cret/);
  });
});

describe("restoreReplyError", () => {
  it("keeps the Redis message and explains the common ones", () => {
    const v = restoreReplyError(new Error("ERR DUMP payload version or checksum are wrong"), Buffer.from("k1"), "Redis 7.2.4", "Redis 6.2.0");
    expect(v.code).toBe("FAILED");
    expect(v.message).toMatch(/^RESTORE of key "k1" failed: ERR DUMP payload version or checksum are wrong \(the backup was taken from Redis 7\.2\.4; Redis 6\.2\.0 cannot read/);
    expect(restoreReplyError(new Error("BUSYKEY Target key name already exists."), Buffer.from([0xff]), "", "").message).toMatch(/^RESTORE of key base64:\/w== failed: BUSYKEY/);
  });
});
