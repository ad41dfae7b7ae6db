import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, it, expect, type MockInstance, vi } from "vitest";
import { EnvError, loadEnv } from "@/server/env";
import { SecretError } from "@/lib/crypto/secrets";

let dir: string;
let errorSpy: MockInstance<(...args: unknown[]) => void>;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "bunker-unit-"));
  // loadEnv warns (console.error) when it generates a secret; keep the output quiet and inspectable.
  errorSpy = vi.spyOn(console, "error").mockImplementation(() => {});
});

afterEach(() => {
  vi.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

const AUTH_SECRET = "a".repeat(40);
const keyB64 = (): string => randomBytes(32).toString("base64");

/** An explicit environment: never process.env. */
const envOf = (extra: Record<string, string> = {}): NodeJS.ProcessEnv =>
  ({ NODE_ENV: "test", DATA_DIR: dir, ...extra }) as NodeJS.ProcessEnv;

const loadError = (source: NodeJS.ProcessEnv): Error => {
  try {
    loadEnv(source);
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected loadEnv to throw");
};

describe("first start without secrets generates and persists them", () => {
  it("writes BETTER_AUTH_SECRET and ENCRYPTION_KEY under DATA_DIR/secrets with mode 0600", () => {
    const env = loadEnv(envOf());
    const authFile = path.join(dir, "secrets", "better_auth_secret");
    const keyFile = path.join(dir, "secrets", "encryption_key");

    expect(fs.existsSync(authFile)).toBe(true);
    expect(fs.existsSync(keyFile)).toBe(true);
    expect(fs.statSync(authFile).mode & 0o777).toBe(0o600);
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(dir, "secrets")).mode & 0o777).toBe(0o700);

    expect(fs.readFileSync(authFile, "utf8").trim()).toBe(env.authSecret);
    expect(env.authSecret.length).toBeGreaterThanOrEqual(32);
    const storedKey = Buffer.from(fs.readFileSync(keyFile, "utf8").trim(), "base64");
    expect(storedKey).toHaveLength(32);
    expect(env.keyring.keys.get(1)?.equals(storedKey)).toBe(true);
  });

  it("returns the same secrets on the next start", () => {
    const first = loadEnv(envOf());
    const second = loadEnv(envOf());
    expect(second.authSecret).toBe(first.authSecret);
    const k1 = first.keyring.keys.get(first.keyring.currentVersion);
    const k2 = second.keyring.keys.get(second.keyring.currentVersion);
    expect(k1).toBeDefined();
    expect(k2?.equals(k1 as Buffer)).toBe(true);
  });

  it("warns where each generated secret lives, without printing the secret itself", () => {
    const env = loadEnv(envOf());
    const output = errorSpy.mock.calls.map((c) => String(c[0])).join("\n");
    expect(output).toContain("BETTER_AUTH_SECRET was not set");
    expect(output).toContain("ENCRYPTION_KEY was not set");
    expect(output).toContain(path.join(dir, "secrets", "encryption_key"));
    expect(output).not.toContain(env.authSecret);
    const key = fs.readFileSync(path.join(dir, "secrets", "encryption_key"), "utf8").trim();
    expect(output).not.toContain(key);
  });

  it("does not warn again once the secrets are stored", () => {
    loadEnv(envOf());
    errorSpy.mockClear();
    loadEnv(envOf());
    expect(errorSpy).not.toHaveBeenCalled();
  });

  it("creates DATA_DIR when it does not exist yet", () => {
    const nested = path.join(dir, "deep", "data");
    const env = loadEnv(envOf({ DATA_DIR: nested }));
    expect(env.dataDir).toBe(nested);
    expect(fs.existsSync(path.join(nested, "secrets", "encryption_key"))).toBe(true);
  });

  it("two data directories get independent secrets", () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), "bunker-unit-"));
    try {
      const a = loadEnv(envOf());
      const b = loadEnv(envOf({ DATA_DIR: other }));
      expect(a.authSecret).not.toBe(b.authSecret);
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });
});

describe("explicitly configured secrets", () => {
  it("a direct value wins over a stored generated one", () => {
    loadEnv(envOf()); // generates and stores
    const key = randomBytes(32);
    const env = loadEnv(envOf({ BETTER_AUTH_SECRET: AUTH_SECRET, ENCRYPTION_KEY: key.toString("hex") }));
    expect(env.authSecret).toBe(AUTH_SECRET);
    expect(env.keyring.keys.get(1)?.equals(key)).toBe(true);
  });

  it("a direct value writes nothing to DATA_DIR/secrets", () => {
    loadEnv(envOf({ BETTER_AUTH_SECRET: AUTH_SECRET, ENCRYPTION_KEY: keyB64() }));
    expect(fs.existsSync(path.join(dir, "secrets"))).toBe(false);
    expect(errorSpy).not.toHaveBeenCalled();
  });

  it("reads *_FILE variants (Docker secrets), trimming the trailing newline", () => {
    const key = randomBytes(32);
    const authFile = path.join(dir, "auth.txt");
    const keyFile = path.join(dir, "key.txt");
    fs.writeFileSync(authFile, `${AUTH_SECRET}\n`);
    fs.writeFileSync(keyFile, `${key.toString("base64")}\n`);
    const env = loadEnv(envOf({ BETTER_AUTH_SECRET_FILE: authFile, ENCRYPTION_KEY_FILE: keyFile }));
    expect(env.authSecret).toBe(AUTH_SECRET);
    expect(env.keyring.keys.get(1)?.equals(key)).toBe(true);
    expect(fs.existsSync(path.join(dir, "secrets"))).toBe(false);
  });

  it("a direct value wins over its *_FILE variant", () => {
    const authFile = path.join(dir, "auth.txt");
    fs.writeFileSync(authFile, "b".repeat(40));
    const env = loadEnv(envOf({ BETTER_AUTH_SECRET: AUTH_SECRET, BETTER_AUTH_SECRET_FILE: authFile, ENCRYPTION_KEY: keyB64() }));
    expect(env.authSecret).toBe(AUTH_SECRET);
  });

  it.each(["BETTER_AUTH_SECRET", "ENCRYPTION_KEY", "ENCRYPTION_PREVIOUS_KEYS"])(
    "a missing %s_FILE gives an EnvError naming the variable and the path",
    (name) => {
      const missing = path.join(dir, "nope", "missing.txt");
      const e = loadError(envOf({ [`${name}_FILE`]: missing }));
      expect(e).toBeInstanceOf(EnvError);
      expect(e.message).toContain(`${name}_FILE`);
      expect(e.message).toContain(missing);
    },
  );
});

describe("invalid configuration is refused with a clear message", () => {
  it.each(["0", "65536", "abc", "80.5", "-1"])("PORT=%s", (port) => {
    const e = loadError(envOf({ PORT: port }));
    expect(e).toBeInstanceOf(EnvError);
    expect(e.message).toMatch(/invalid environment/);
    expect(e.message).toMatch(/PORT:/);
  });

  it("a direct BETTER_AUTH_SECRET shorter than 32 characters", () => {
    const e = loadError(envOf({ BETTER_AUTH_SECRET: "too-short" }));
    expect(e).toBeInstanceOf(EnvError);
    expect(e.message).toContain("BETTER_AUTH_SECRET must be at least 32 characters");
  });

  it("a BETTER_AUTH_SECRET_FILE holding fewer than 32 characters", () => {
    const f = path.join(dir, "auth.txt");
    fs.writeFileSync(f, "short\n");
    const e = loadError(envOf({ BETTER_AUTH_SECRET_FILE: f }));
    expect(e).toBeInstanceOf(EnvError);
    expect(e.message).toContain("BETTER_AUTH_SECRET must be at least 32 characters");
  });

  it.each([
    ["too short", "abcdef"],
    ["62 hex characters", "ab".repeat(31)],
    ["48 bytes of base64", randomBytes(48).toString("base64")],
  ])("a malformed ENCRYPTION_KEY (%s)", (_label, key) => {
    const e = loadError(envOf({ BETTER_AUTH_SECRET: AUTH_SECRET, ENCRYPTION_KEY: key }));
    expect(e).toBeInstanceOf(SecretError);
    expect(e.message).toMatch(/ENCRYPTION_KEY must be 32 bytes/);
  });

  it.each(["postgres://u:p@db/bunker", "mysql://localhost/x", "/var/lib/bunker.db"])("DATABASE_URL=%s (not file:)", (url) => {
    const e = loadError(envOf({ DATABASE_URL: url }));
    expect(e).toBeInstanceOf(EnvError);
    expect(e.message).toContain("DATABASE_URL");
    expect(e.message).toContain("only SQLite file: URLs are supported");
  });

  it.each(["1-abc", "one:" + "ab".repeat(32), "1=" + "ab".repeat(32), ":" + "ab".repeat(32)])(
    "a malformed ENCRYPTION_PREVIOUS_KEYS entry %j",
    (raw) => {
      const e = loadError(envOf({ BETTER_AUTH_SECRET: AUTH_SECRET, ENCRYPTION_KEY: keyB64(), ENCRYPTION_PREVIOUS_KEYS: raw }));
      expect(e).toBeInstanceOf(EnvError);
      expect(e.message).toBe("ENCRYPTION_PREVIOUS_KEYS must look like 1:<key>,2:<key>");
    },
  );

  it("an ENCRYPTION_PREVIOUS_KEYS entry whose key is not 32 bytes", () => {
    const e = loadError(envOf({ BETTER_AUTH_SECRET: AUTH_SECRET, ENCRYPTION_KEY: keyB64(), ENCRYPTION_PREVIOUS_KEYS: "1:abcd" }));
    expect(e).toBeInstanceOf(EnvError);
    expect(e.message).toMatch(/ENCRYPTION_PREVIOUS_KEYS.*version 1.*32 bytes/);
  });

  it.each([
    ["ENCRYPTION_KEY_VERSION", "0"],
    ["ENCRYPTION_KEY_VERSION", "1000000"],
    ["LOG_LEVEL", "verbose"],
    ["NODE_ENV", "staging"],
    ["BETTER_AUTH_URL", "not a url"],
  ])("%s=%s", (name, value) => {
    const e = loadError(envOf({ [name]: value }));
    expect(e).toBeInstanceOf(EnvError);
    expect(e.message).toContain(`${name}:`);
  });

  it("reports every invalid variable at once", () => {
    const e = loadError(envOf({ PORT: "0", LOG_LEVEL: "loud", DATABASE_URL: "x" }));
    expect(e.message).toContain("PORT:");
    expect(e.message).toContain("LOG_LEVEL:");
    expect(e.message).toContain("DATABASE_URL:");
  });

  it("validates before touching the disk: nothing is generated for an invalid environment", () => {
    loadError(envOf({ PORT: "0" }));
    expect(fs.existsSync(path.join(dir, "secrets"))).toBe(false);
  });
});

describe("defaults and derived values", () => {
  const withSecrets = (extra: Record<string, string> = {}) =>
    envOf({ BETTER_AUTH_SECRET: AUTH_SECRET, ENCRYPTION_KEY: keyB64(), ...extra });

  it("applies the documented defaults", () => {
    const env = loadEnv(withSecrets());
    expect(env.port).toBe(3000);
    expect(env.nodeEnv).toBe("test");
    expect(env.logLevel).toBe("info");
    expect(env.dataDir).toBe(dir);
    expect(env.trustedOrigins).toEqual([]);
  });

  it("defaults NODE_ENV to development", () => {
    const env = loadEnv({ DATA_DIR: dir, BETTER_AUTH_SECRET: AUTH_SECRET, ENCRYPTION_KEY: keyB64() } as unknown as NodeJS.ProcessEnv);
    expect(env.nodeEnv).toBe("development");
  });

  it("defaults databaseUrl to file:<DATA_DIR>/bunker.db", () => {
    expect(loadEnv(withSecrets()).databaseUrl).toBe(`file:${path.join(dir, "bunker.db")}`);
  });

  it("keeps an explicit file: DATABASE_URL", () => {
    const url = `file:${path.join(dir, "other.db")}`;
    expect(loadEnv(withSecrets({ DATABASE_URL: url })).databaseUrl).toBe(url);
  });

  it("coerces PORT and derives authUrl http://localhost:<PORT> from it", () => {
    const env = loadEnv(withSecrets({ PORT: "8080" }));
    expect(env.port).toBe(8080);
    expect(env.authUrl).toBe("http://localhost:8080");
  });

  it("defaults authUrl to http://localhost:3000", () => {
    expect(loadEnv(withSecrets()).authUrl).toBe("http://localhost:3000");
  });

  it("trims the trailing slash of BETTER_AUTH_URL", () => {
    expect(loadEnv(withSecrets({ BETTER_AUTH_URL: "https://bunker.example.com/" })).authUrl).toBe("https://bunker.example.com");
    expect(loadEnv(withSecrets({ BETTER_AUTH_URL: "https://bunker.example.com" })).authUrl).toBe("https://bunker.example.com");
  });

  it("splits TRUSTED_ORIGINS on commas, trimming spaces, trailing slashes and empty entries", () => {
    const env = loadEnv(withSecrets({ TRUSTED_ORIGINS: " https://a.example.com/, https://b.example.com ,,http://10.0.0.5:3000 " }));
    expect(env.trustedOrigins).toEqual(["https://a.example.com", "https://b.example.com", "http://10.0.0.5:3000"]);
  });

  it("resolves a relative DATA_DIR to an absolute path", () => {
    const rel = path.relative(process.cwd(), dir);
    const env = loadEnv(withSecrets({ DATA_DIR: rel }));
    expect(path.isAbsolute(env.dataDir)).toBe(true);
    expect(env.dataDir).toBe(dir);
  });
});

describe("the keyring holds the current key and previous keys", () => {
  it("uses ENCRYPTION_KEY_VERSION as the current version", () => {
    const current = randomBytes(32);
    const env = loadEnv(envOf({ BETTER_AUTH_SECRET: AUTH_SECRET, ENCRYPTION_KEY: current.toString("base64"), ENCRYPTION_KEY_VERSION: "3" }));
    expect(env.keyring.currentVersion).toBe(3);
    expect(env.keyring.keys.get(3)?.equals(current)).toBe(true);
    expect(env.keyring.keys.size).toBe(1);
  });

  it("adds previous keys given as 1:<key>,2:<key> (hex or base64, comma or whitespace separated)", () => {
    const current = randomBytes(32);
    const k1 = randomBytes(32);
    const k2 = randomBytes(32);
    const env = loadEnv(
      envOf({
        BETTER_AUTH_SECRET: AUTH_SECRET,
        ENCRYPTION_KEY: current.toString("base64"),
        ENCRYPTION_KEY_VERSION: "3",
        ENCRYPTION_PREVIOUS_KEYS: `1:${k1.toString("hex")}, 2:${k2.toString("base64")}`,
      }),
    );
    expect(env.keyring.currentVersion).toBe(3);
    expect([...env.keyring.keys.keys()].sort()).toEqual([1, 2, 3]);
    expect(env.keyring.keys.get(1)?.equals(k1)).toBe(true);
    expect(env.keyring.keys.get(2)?.equals(k2)).toBe(true);
    expect(env.keyring.keys.get(3)?.equals(current)).toBe(true);
  });

  it("reads previous keys from ENCRYPTION_PREVIOUS_KEYS_FILE", () => {
    const k1 = randomBytes(32);
    const f = path.join(dir, "prev.txt");
    fs.writeFileSync(f, `1:${k1.toString("base64")}\n`);
    const env = loadEnv(
      envOf({ BETTER_AUTH_SECRET: AUTH_SECRET, ENCRYPTION_KEY: keyB64(), ENCRYPTION_KEY_VERSION: "2", ENCRYPTION_PREVIOUS_KEYS_FILE: f }),
    );
    expect(env.keyring.keys.get(1)?.equals(k1)).toBe(true);
    expect(env.keyring.keys.size).toBe(2);
  });

  it("the current key wins when a previous entry reuses the current version", () => {
    const current = randomBytes(32);
    const env = loadEnv(
      envOf({
        BETTER_AUTH_SECRET: AUTH_SECRET,
        ENCRYPTION_KEY: current.toString("base64"),
        ENCRYPTION_PREVIOUS_KEYS: `1:${keyB64()}`,
      }),
    );
    expect(env.keyring.keys.get(1)?.equals(current)).toBe(true);
    expect(env.keyring.keys.size).toBe(1);
  });
});
