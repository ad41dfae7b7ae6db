/**
 * The one place that reads process.env. Validated with zod once, on first use (not at import, so
 * `next build` neither needs secrets nor generates them).
 *
 * ENCRYPTION_KEY and BETTER_AUTH_SECRET may be given directly, through `*_FILE` (Docker secrets), or
 * not at all: then the first start generates them and keeps them (mode 0600) under DATA_DIR/secrets,
 * so a restart finds the same keys. Losing ENCRYPTION_KEY loses every stored credential, so the log
 * says where it lives.
 */
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { generateMasterKey, type Keyring, parseMasterKey } from "@/lib/crypto/secrets";
import { log } from "@/lib/logger";

const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;

const ZRawEnv = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z.string().startsWith("file:", "only SQLite file: URLs are supported for now").optional(),
  BETTER_AUTH_URL: z.url().optional(),
  BETTER_AUTH_SECRET: z.string().min(32, "BETTER_AUTH_SECRET must be at least 32 characters").optional(),
  BETTER_AUTH_SECRET_FILE: z.string().optional(),
  TRUSTED_ORIGINS: z.string().optional(),
  ENCRYPTION_KEY: z.string().optional(),
  ENCRYPTION_KEY_FILE: z.string().optional(),
  ENCRYPTION_KEY_VERSION: z.coerce.number().int().min(1).max(999_999).default(1),
  ENCRYPTION_PREVIOUS_KEYS: z.string().optional(),
  ENCRYPTION_PREVIOUS_KEYS_FILE: z.string().optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
  /** 1/true: GET /metrics needs no bearer token (for a scrape on a private bind or network) */
  METRICS_OPEN: z.enum(["0", "1", "true", "false"]).optional(),
});

export type Env = {
  nodeEnv: "development" | "production" | "test";
  port: number;
  dataDir: string;
  databaseUrl: string;
  authUrl: string;
  authSecret: string;
  trustedOrigins: string[];
  keyring: Keyring;
  logLevel: (typeof LOG_LEVELS)[number];
  metricsOpen: boolean;
};

export class EnvError extends Error {
  override name = "EnvError";
}

const readSecretFile = (file: string, name: string): string => {
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch (e) {
    throw new EnvError(`${name}_FILE points at ${file}, which cannot be read: ${(e as Error).message}`);
  }
};

/** Direct value, else *_FILE, else the persisted generated value, else generate and persist. */
const resolveSecret = (opts: {
  name: string;
  direct?: string;
  file?: string;
  dataDir: string;
  generate: () => string;
}): string => {
  if (opts.direct) return opts.direct;
  if (opts.file) return readSecretFile(opts.file, opts.name);
  const dir = path.join(opts.dataDir, "secrets");
  const stored = path.join(dir, opts.name.toLowerCase());
  if (fs.existsSync(stored)) return fs.readFileSync(stored, "utf8").trim();
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const value = opts.generate();
  // wx: never overwrite a key another process wrote a moment ago
  try {
    fs.writeFileSync(stored, `${value}\n`, { mode: 0o600, flag: "wx" });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return fs.readFileSync(stored, "utf8").trim();
    throw e;
  }
  log.warn(`${opts.name} was not set: generated one and stored it at ${stored} (mode 0600). Back it up with your data.`);
  return value;
};

/** "1:<key>,2:<key>" → map; the keys that older sealed secrets may still use. */
const parsePreviousKeys = (raw: string | undefined): Map<number, Buffer> => {
  const keys = new Map<number, Buffer>();
  for (const part of (raw ?? "").split(/[,\s]+/).filter(Boolean)) {
    const m = /^(\d+):(.+)$/.exec(part);
    if (!m) throw new EnvError("ENCRYPTION_PREVIOUS_KEYS must look like 1:<key>,2:<key>");
    try {
      keys.set(Number(m[1]), parseMasterKey(m[2] ?? ""));
    } catch {
      throw new EnvError(`ENCRYPTION_PREVIOUS_KEYS: the key for version ${m[1]} must be 32 bytes, as 64 hex characters or base64`);
    }
  }
  return keys;
};

export const loadEnv = (source: NodeJS.ProcessEnv = process.env): Env => {
  // An empty variable (FOO= in a .env or compose file) means "not set", for every variable alike.
  const parsed = ZRawEnv.safeParse(Object.fromEntries(Object.entries(source).filter(([, v]) => v !== "")));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new EnvError(`invalid environment:\n${lines}`);
  }
  const raw = parsed.data;
  const dataDir = path.resolve(/*turbopackIgnore: true*/ raw.DATA_DIR);
  fs.mkdirSync(dataDir, { recursive: true });

  const authSecret = resolveSecret({
    name: "BETTER_AUTH_SECRET",
    direct: raw.BETTER_AUTH_SECRET,
    file: raw.BETTER_AUTH_SECRET_FILE,
    dataDir,
    generate: () => randomBytes(32).toString("base64url"),
  });
  if (authSecret.length < 32) throw new EnvError("BETTER_AUTH_SECRET must be at least 32 characters");

  const currentKey = parseMasterKey(
    resolveSecret({ name: "ENCRYPTION_KEY", direct: raw.ENCRYPTION_KEY, file: raw.ENCRYPTION_KEY_FILE, dataDir, generate: generateMasterKey }),
  );
  const previous = parsePreviousKeys(
    raw.ENCRYPTION_PREVIOUS_KEYS_FILE ? readSecretFile(raw.ENCRYPTION_PREVIOUS_KEYS_FILE, "ENCRYPTION_PREVIOUS_KEYS") : raw.ENCRYPTION_PREVIOUS_KEYS,
  );
  const keys = new Map(previous);
  keys.set(raw.ENCRYPTION_KEY_VERSION, currentKey);

  const authUrl = (raw.BETTER_AUTH_URL ?? `http://localhost:${raw.PORT}`).replace(/\/$/, "");
  return {
    nodeEnv: raw.NODE_ENV,
    port: raw.PORT,
    dataDir,
    databaseUrl: raw.DATABASE_URL ?? `file:${path.join(dataDir, "bunker.db")}`,
    authUrl,
    authSecret,
    trustedOrigins: (raw.TRUSTED_ORIGINS ?? "").split(",").map((s) => s.trim().replace(/\/$/, "")).filter(Boolean),
    keyring: { currentVersion: raw.ENCRYPTION_KEY_VERSION, keys },
    logLevel: raw.LOG_LEVEL,
    metricsOpen: raw.METRICS_OPEN === "1" || raw.METRICS_OPEN === "true",
  };
};

let cached: Env | undefined;

export const env = (): Env => {
  if (!cached) {
    cached = loadEnv();
    log.setLevel(cached.logLevel);
  }
  return cached;
};

/** Tests only: forget the cached env, so the next env() reads process.env again (e.g. after a key change). */
export const resetEnvForTests = (): void => {
  cached = undefined;
};

/** The app's own SQLite URL, without resolving secrets (the Prisma client needs only this). */
export const databaseUrl = (): string => {
  if (cached) return cached.databaseUrl;
  const dataDir = path.resolve(/*turbopackIgnore: true*/ process.env.DATA_DIR || "./data");
  return process.env.DATABASE_URL || `file:${path.join(dataDir, "bunker.db")}`;
};
