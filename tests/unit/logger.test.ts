import { afterEach, beforeEach, describe, it, expect, type MockInstance, vi } from "vitest";
import { log } from "@/lib/logger";

let out: MockInstance<(...args: unknown[]) => void>;
let err: MockInstance<(...args: unknown[]) => void>;

beforeEach(() => {
  out = vi.spyOn(console, "log").mockImplementation(() => {});
  err = vi.spyOn(console, "error").mockImplementation(() => {});
  log.setLevel("debug");
});

afterEach(() => {
  vi.restoreAllMocks();
  log.setLevel("info");
});

const lines = (): string[] => [...out.mock.calls, ...err.mock.calls].map((c) => String(c[0]));

/** The last printed line's fields, whether the line is pretty (`[bunker] level msg {…}`) or pure JSON. */
const lastFields = (): Record<string, unknown> => {
  const all = lines();
  const line = all[all.length - 1] ?? "";
  return JSON.parse(line.slice(line.indexOf("{"))) as Record<string, unknown>;
};

describe("secret-looking fields never reach the log", () => {
  it.each(["password", "pass", "passphrase", "token", "accessToken", "secret", "clientSecret", "apiKey", "privateKey", "authorization", "Authorization", "cookie", "ageIdentity"])(
    "redacts a top-level %s",
    (key) => {
      log.info("connecting", { [key]: "s3cr3t-value", host: "db.internal" });
      expect(lastFields()).toEqual({ [key]: "[redacted]", host: "db.internal" });
      expect(lines().join("\n")).not.toContain("s3cr3t-value");
    },
  );

  it("redacts nested secrets and keeps the rest of the structure", () => {
    log.warn("adapter config", { adapter: { host: "pg", port: 5432, auth: { user: "bunker", password: "pw1" } } });
    expect(lastFields()).toEqual({ adapter: { host: "pg", port: 5432, auth: { user: "bunker", password: "[redacted]" } } });
  });

  it("redacts secrets inside arrays", () => {
    log.info("notifiers", { notifiers: [{ name: "slack", token: "xoxb-1" }, { name: "mail", smtpPassword: "pw2" }] });
    expect(lastFields()).toEqual({ notifiers: [{ name: "slack", token: "[redacted]" }, { name: "mail", smtpPassword: "[redacted]" }] });
  });

  it("redacts a whole object under a secret-looking key", () => {
    log.info("headers", { authorization: { scheme: "Bearer", value: "abc" } });
    expect(lastFields()).toEqual({ authorization: "[redacted]" });
  });

  it("redacts a secret four levels down", () => {
    log.info("deep", { a: { b: { c: { d: { password: "pw-depth-4" } } } } });
    expect(lines().join("\n")).not.toContain("pw-depth-4");
  });

  // Known bug: redact() returns anything deeper than depth 4 verbatim, so a secret nested a little
  // deeper is printed in clear. Remove `.fails` once src/lib/logger.ts drops or redacts deep values.
  it("redacts a secret nested six levels deep (known leak: depth > 4 is printed verbatim)", () => {
    log.info("deeper", { job: { source: { adapter: { config: { connection: { password: "pw-depth-6" } } } } } });
    expect(lines().join("\n")).not.toContain("pw-depth-6");
  });

  it("reduces an Error to its name and message (no stack, no extra properties)", () => {
    const e = Object.assign(new Error("disk full"), { password: "pw3" });
    log.error("write failed", { error: e });
    expect(lastFields()).toEqual({ error: { name: "Error", message: "disk full" } });
    expect(lines().join("\n")).not.toContain("pw3");
  });

  it("leaves harmless fields untouched", () => {
    log.info("run finished", { jobId: "j1", durationMs: 1234, ok: true, note: null, tags: ["a", "b"] });
    expect(lastFields()).toEqual({ jobId: "j1", durationMs: 1234, ok: true, note: null, tags: ["a", "b"] });
  });

  it("does not mutate the caller's object", () => {
    const fields = { password: "pw4", nested: { token: "t4" } };
    log.info("x", fields);
    expect(fields).toEqual({ password: "pw4", nested: { token: "t4" } });
  });

  // Known bug: fields go through JSON.stringify without a BigInt replacer, so logging a Prisma BigInt
  // column (e.g. sizeBytes) throws into the caller instead of printing a line.
  it("logs a BigInt field instead of throwing (known bug)", () => {
    expect(() => log.info("stored", { sizeBytes: 10n })).not.toThrow();
  });
});

describe("the output stream and line shape", () => {
  it("writes debug and info to stdout, warn and error to stderr", () => {
    log.debug("d");
    log.info("i");
    log.warn("w");
    log.error("e");
    expect(out.mock.calls.map((c) => String(c[0]))).toEqual([expect.stringContaining(" d"), expect.stringContaining(" i")]);
    expect(err.mock.calls.map((c) => String(c[0]))).toEqual([expect.stringContaining(" w"), expect.stringContaining(" e")]);
  });

  it("prints the level and the message", () => {
    log.warn("disk almost full");
    const line = lines()[0] ?? "";
    expect(line).toContain("warn");
    expect(line).toContain("disk almost full");
  });

  it("prints no field block when there are no fields", () => {
    log.info("plain message");
    expect(lines()[0]).not.toContain("{");
  });
});

describe("the level threshold", () => {
  const emitAll = () => {
    log.debug("m-debug");
    log.info("m-info");
    log.warn("m-warn");
    log.error("m-error");
  };
  const printed = () => lines().map((l) => /m-(\w+)/.exec(l)?.[1]).sort();

  it.each([
    ["debug", ["debug", "error", "info", "warn"]],
    ["info", ["error", "info", "warn"]],
    ["warn", ["error", "warn"]],
    ["error", ["error"]],
  ] as const)("at %s prints only that level and above", (level, expected) => {
    log.setLevel(level);
    emitAll();
    expect(printed()).toEqual(expected);
  });

  it("a later setLevel takes effect at once", () => {
    log.setLevel("error");
    log.info("hidden");
    log.setLevel("info");
    log.info("shown");
    expect(lines()).toHaveLength(1);
    expect(lines()[0]).toContain("shown");
  });
});
