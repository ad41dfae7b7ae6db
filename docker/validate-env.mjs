// Checks the container's environment before anything starts, and lists every problem at once. The app
// validates its settings again at boot (src/server/env.ts); this catches what only shows up in a
// container: unreadable Docker secrets, a volume the user cannot write, a malformed key given by hand.
import fs from "node:fs";
import path from "node:path";

const env = process.env;
const problems = [];
const uid = process.getuid?.();

const readable = (name, file) => {
  try {
    const text = fs.readFileSync(file, "utf8").trim();
    if (!text) problems.push(`${name}_FILE ${file} is empty`);
    return text;
  } catch (e) {
    if (e.code === "ENOENT") problems.push(`${name}_FILE ${file} does not exist (is the secret mounted?)`);
    else if (e.code === "EACCES") problems.push(`${name}_FILE ${file} is not readable by uid ${uid}: make it readable (chmod 0444) or set PUID to its owner`);
    else problems.push(`${name}_FILE ${file}: ${e.message}`);
    return undefined;
  }
};

/** The value of NAME or NAME_FILE (never both). */
const secret = (name) => {
  const direct = env[name];
  const file = env[`${name}_FILE`];
  if (direct && file) {
    problems.push(`set ${name} or ${name}_FILE, not both`);
    return undefined;
  }
  return file ? readable(name, file) : direct;
};

const isKey = (s) => /^[0-9a-fA-F]{64}$/.test(s) || (/^[A-Za-z0-9+/_-]{42,44}={0,2}$/.test(s) && Buffer.from(s, "base64").length === 32);

const key = secret("ENCRYPTION_KEY");
if (key !== undefined && !isKey(key)) problems.push("ENCRYPTION_KEY must be 32 bytes as base64 (openssl rand -base64 32) or 64 hex characters");
const authSecret = secret("BETTER_AUTH_SECRET");
if (authSecret !== undefined && authSecret.length < 32) problems.push("BETTER_AUTH_SECRET must be at least 32 characters (openssl rand -base64 32)");
const previous = secret("ENCRYPTION_PREVIOUS_KEYS");
if (previous !== undefined) {
  for (const part of previous.split(",").map((p) => p.trim()).filter(Boolean)) {
    const m = /^(\d{1,6}):(.+)$/.exec(part);
    if (!m || !isKey(m[2])) problems.push("ENCRYPTION_PREVIOUS_KEYS must look like 1:<key>,2:<key> with 32-byte keys");
  }
}

if (env.PORT !== undefined && !/^\d+$/.test(env.PORT)) problems.push(`PORT must be a number, got "${env.PORT}"`);
else if (env.PORT !== undefined && (Number(env.PORT) < 1 || Number(env.PORT) > 65535)) problems.push(`PORT must be 1-65535, got ${env.PORT}`);

if (env.BETTER_AUTH_URL) {
  try {
    const u = new URL(env.BETTER_AUTH_URL);
    if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error("not http(s)");
  } catch {
    problems.push(`BETTER_AUTH_URL must be the URL people open, like https://backups.example.com (got "${env.BETTER_AUTH_URL}")`);
  }
}

const dataDir = path.resolve(env.DATA_DIR || "./data");
const dbUrl = env.DATABASE_URL || `file:${path.join(dataDir, "bunker.db")}`;
if (!dbUrl.startsWith("file:")) problems.push(`DATABASE_URL must be a SQLite file: URL for now (got "${dbUrl.split(":")[0]}:…")`);

const writableDir = (name, dir) => {
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    problems.push(`${name} ${dir} is not writable by uid ${uid}: fix the volume's owner, or set PUID/PGID to its owner`);
  }
};
writableDir("DATA_DIR", dataDir);
if (dbUrl.startsWith("file:")) writableDir("the database directory", path.dirname(path.resolve(dbUrl.slice(5))));

if (problems.length > 0) {
  console.error(`[bunker] the environment has ${problems.length === 1 ? "a problem" : `${problems.length} problems`}; nothing was started:`);
  for (const p of problems) console.error(`  - ${p}`);
  process.exit(1);
}
