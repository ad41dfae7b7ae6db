/**
 * Disaster recovery with nothing but the recovery kit: a separate Bunker process with its own DATA_DIR
 * backs up a real PostgreSQL (zstd), MariaDB (gzip) and SQLite (gzip) database, encrypted, to a local
 * destination, and the kit is downloaded through the real route. Then that DATA_DIR (the app's SQLite
 * database and its generated secrets) is deleted, and each backup is checked and restored into a new
 * database by running the commands the kit's README prints (its code blocks, with the file and database
 * names filled in) with the standard CLIs only. This file imports no Bunker code at all.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mysql, psql, sqlite } from "./helpers/native-sql";
import { env } from "./helpers/services";

const ROOT = path.resolve(__dirname, "../..");
const CHILD = path.join(__dirname, "fixtures", "recovery-kit-child.ts");
const NEEDED = ["PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "MYSQL_HOST", "MYSQL_PORT", "MYSQL_USER", "MYSQL_PASSWORD"];
const missing = NEEDED.filter((k) => !process.env[k]);
if (missing.length && process.env.CI) throw new Error(`recovery kit test needs ${missing.join(", ")} (scripts/services/up.sh)`);

const pgChecksum = (database: string) =>
  psql(
    database,
    "SELECT (SELECT count(*) FROM orders) || ':' || (SELECT md5(string_agg(o::text, '|' ORDER BY id)) FROM orders o) || ':' || " +
      "(SELECT md5(string_agg(c::text, '|' ORDER BY code)) FROM customers c) || ':' || (SELECT count(*) FROM big_orders)",
  );
const myChecksum = (database: string) =>
  mysql(
    "SET SESSION group_concat_max_len = 100000000; SELECT COUNT(*), MD5(GROUP_CONCAT(CONCAT_WS(',', id, name, amount, HEX(data), IFNULL(note, '-')) ORDER BY id SEPARATOR '|')) FROM items",
    database,
  );
const sqliteChecksum = (file: string) =>
  sqlite(file, "SELECT count(*) || ':' || group_concat(id || ',' || name || ',' || v || ',' || hex(b), '|') FROM (SELECT * FROM t ORDER BY id); PRAGMA user_version;");

// ─── the README, read as a person would ──────────────────────────────────────

/** The ```sh blocks of the README section whose heading starts with `heading`. */
const codeBlocks = (readme: string, heading: string): string[] => {
  const lines = readme.split("\n");
  // headings are lines starting with #, outside code fences (a shell comment is not a heading)
  let fenced = false;
  const level = lines.map((l) => {
    if (l.startsWith("```")) fenced = !fenced;
    return !fenced && /^#+ /.test(l) ? /^#+/.exec(l)![0].length : 0;
  });
  const start = lines.findIndex((l, i) => level[i]! >= 2 && l.replace(/^#+ /, "").startsWith(heading));
  if (start < 0) throw new Error(`README has no section "${heading}"`);
  const end = level.findIndex((n, i) => i > start && n > 0 && n <= level[start]!);
  const section = lines.slice(start + 1, end < 0 ? undefined : end).join("\n");
  return [...section.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
};

/**
 * A restore block for one compression: its plain lines, with the zstd pipeline swapped for the line the
 * README gives after `# gzip:` when the backup is gzip-compressed.
 */
const restoreScript = (block: string, compression: string): string => {
  const out: string[] = [];
  for (const line of block.split("\n").map((l) => l.trim()).filter(Boolean)) {
    if (line.startsWith("# gzip: ")) {
      if (compression === "gzip") out.push(line.slice("# gzip: ".length));
    } else if (line.startsWith("#")) continue;
    else if (/\bzstd -d\b/.test(line)) {
      if (compression === "zstd") out.push(line);
    } else out.push(line);
  }
  return out.join("\n");
};

type ChildResult = {
  kit: string;
  recipient: string;
  backups: Array<{ engine: string; compression: string; key: string; manifestKey: string; sha256: string }>;
};

(missing.length ? describe.skip : describe)("restore with only the recovery kit", () => {
  const u = `${process.pid}${Math.random().toString(16).slice(2, 8)}`; // safe in SQL and shell as is
  const pgDb = `kit_src_${u}`;
  const myDb = `kit_src_${u}`;
  const pgTarget = `kit_restored_${u}`;
  const myTarget = `kit_restored_${u}`;
  const myTruncTarget = `kit_truncated_${u}`;
  let tmp: string;
  let appDir: string;
  let destDir: string;
  let sqliteFile: string;
  let child: ChildResult;

  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bunker-kit-"));
    appDir = path.join(tmp, "bunker-data");
    destDir = path.join(tmp, "nas");
    sqliteFile = path.join(tmp, "app.db");
    const outDir = path.join(tmp, "downloads");
    fs.mkdirSync(outDir);

    psql("postgres", `CREATE DATABASE ${pgDb}`);
    psql(
      pgDb,
      `CREATE TABLE customers(code text PRIMARY KEY, name text NOT NULL);
       INSERT INTO customers SELECT 'c' || g, 'Kunde ' || g || ' ✓ ünïcødé' FROM generate_series(1, 300) g;
       CREATE TABLE orders(id int PRIMARY KEY, customer text REFERENCES customers(code), amount numeric(12,2), note text, data bytea, created timestamptz);
       INSERT INTO orders SELECT g, 'c' || (1 + g % 300), g * 1.25, CASE WHEN g % 7 = 0 THEN NULL ELSE 'note ' || g END,
         decode(md5(g::text), 'hex'), '2026-01-01 00:00:00+00'::timestamptz + g * interval '1 minute' FROM generate_series(1, 10000) g;
       CREATE VIEW big_orders AS SELECT * FROM orders WHERE amount > 100;`,
    );
    mysql(`CREATE DATABASE ${myDb} CHARACTER SET utf8mb4`);
    mysql(
      `CREATE TABLE items(id INT PRIMARY KEY, name VARCHAR(100), amount DECIMAL(12,2), data VARBINARY(32), note TEXT) CHARACTER SET utf8mb4;
       INSERT INTO items SELECT seq, CONCAT('item ', seq, ' ✓ ü'), seq * 0.75, UNHEX(MD5(seq)), IF(seq % 5 = 0, NULL, CONCAT('n', seq)) FROM seq_1_to_5000;`,
      myDb,
    );
    sqlite(
      sqliteFile,
      `PRAGMA user_version = 7; CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, v REAL, b BLOB);
       WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000) INSERT INTO t SELECT x, 'name ' || x || ' ✓', x * 0.5, randomblob(16) FROM c;`,
    );

    // A Bunker instance of its own: its DATA_DIR holds its database and its generated secrets.
    const appEnv: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: appDir, DATABASE_URL: `file:${path.join(appDir, "bunker.db")}` };
    for (const k of Object.keys(appEnv)) if (/^(ENCRYPTION_|BETTER_AUTH_SECRET)/.test(k)) delete appEnv[k];
    fs.mkdirSync(appDir);
    execFileSync("node", ["scripts/prisma-migrate.mjs", "deploy"], { cwd: ROOT, env: appEnv, stdio: "pipe" });
    const r = spawnSync(process.execPath, ["--import", "tsx", CHILD, JSON.stringify({ outDir, destDir, pgDb, myDb, sqliteFile })], {
      cwd: ROOT,
      env: appEnv,
      encoding: "utf8",
      timeout: 150_000,
    });
    if (r.status !== 0) throw new Error(`the Bunker process failed (${r.status}): ${r.stderr}`);
    child = JSON.parse(r.stdout.trim().split("\n").at(-1)!) as ChildResult;
  }, 180_000);

  afterAll(() => {
    for (const d of [pgDb, pgTarget]) {
      try {
        psql("postgres", `DROP DATABASE IF EXISTS ${d} WITH (FORCE)`);
      } catch {
        // best effort
      }
    }
    for (const d of [myDb, myTarget, myTruncTarget]) {
      try {
        mysql(`DROP DATABASE IF EXISTS ${d}`);
      } catch {
        // best effort
      }
    }
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("with Bunker's data directory deleted, the kit's README commands verify, decrypt and restore every backup", () => {
    expect(child.backups.map((b) => `${b.engine}/${b.compression}`)).toEqual(["postgres/zstd", "mysql/gzip", "sqlite/gzip"]);

    // The app is gone: its database, its generated ENCRYPTION_KEY, everything under DATA_DIR.
    fs.rmSync(appDir, { recursive: true, force: true });
    expect(fs.existsSync(appDir)).toBe(false);

    // From here on: the kit, the destination's files and standard tools.
    const kitDir = path.join(tmp, "kit");
    fs.mkdirSync(kitDir);
    execFileSync("tar", ["-xf", child.kit, "-C", kitDir]);
    const files = fs.readdirSync(kitDir).sort();
    expect(files).toHaveLength(2);
    expect(files).toContain("README.md");
    const keyFile = files.find((f) => f.endsWith(".key"))!;
    expect(fs.statSync(path.join(kitDir, keyFile)).mode & 0o777).toBe(0o600);
    const readme = fs.readFileSync(path.join(kitDir, "README.md"), "utf8");

    // "age-keygen -y <key> must print the public key above"
    const recipient = /\| Public key \(recipient\) \| `(age1[0-9a-z]+)` \|/.exec(readme)?.[1];
    expect(recipient).toBe(child.recipient);
    expect(readme).toContain(`age-keygen -y ${keyFile}`);
    expect(execFileSync("age-keygen", ["-y", keyFile], { cwd: kitDir, encoding: "utf8" }).trim()).toBe(recipient);

    // Standard client configuration, as the README says ("connect as usual"): PG* variables, ~/.my.cnf.
    const home = path.join(tmp, "home");
    fs.mkdirSync(home);
    fs.writeFileSync(
      path.join(home, ".my.cnf"),
      `[client]\nhost=${env("MYSQL_HOST")}\nport=${env("MYSQL_PORT")}\nuser=${env("MYSQL_USER")}\npassword=${env("MYSQL_PASSWORD")}\nprotocol=TCP\nskip-ssl\n`,
      { mode: 0o600 },
    );
    const shellEnv = { PATH: env("PATH"), HOME: home, PGHOST: env("PGHOST"), PGPORT: env("PGPORT"), PGUSER: env("PGUSER"), PGPASSWORD: env("PGPASSWORD") };
    const sh = (script: string, vars: Record<string, string> = {}) => {
      // no pipefail here: the README's own commands must set it
      const r = spawnSync("bash", ["-c", `set -eu\n${script}`], { cwd: kitDir, env: { ...shellEnv, ...vars } as Record<string, string> as NodeJS.ProcessEnv, encoding: "utf8" });
      if (r.status !== 0) throw new Error(`README commands failed (${r.status}):\n${script}\n--- stderr:\n${r.stderr}`);
      return r.stdout + r.stderr;
    };

    const [checksumBlock, decryptBlock] = codeBlocks(readme, "1. Verify the backup");
    expect(checksumBlock).toBeDefined();
    expect(decryptBlock).toBeDefined();
    const restoreBlock = {
      postgres: codeBlocks(readme, "PostgreSQL")[0]!,
      mysql: codeBlocks(readme, "MySQL / MariaDB")[0]!,
      sqlite: codeBlocks(readme, "SQLite")[0]!,
    };
    const sqliteTarget = path.join(tmp, "restored.db");
    const target: Record<string, string> = { postgres: pgTarget, mysql: myTarget, sqlite: sqliteTarget };

    for (const b of child.backups) {
      const stored = path.join(destDir, b.key);
      const manifest = path.join(destDir, b.manifestKey);
      expect(b.key.endsWith(b.compression === "zstd" ? ".zst.age" : ".gz.age")).toBe(true);

      // 1. the checksum, by the README's block with its F= and M= filled in …
      const check = sh(checksumBlock!.replace(/^F=\S+/m, `F='${stored}'`).replace(/^M=\S+/m, `M='${manifest}'`));
      expect(check).toContain("checksum OK");
      expect(check).not.toContain("MISMATCH");
      // … and by hand: sha256sum of the stored file is the manifest's sha256
      const sum = execFileSync("sha256sum", [stored], { encoding: "utf8" }).split(" ")[0];
      expect(sum).toBe((JSON.parse(fs.readFileSync(manifest, "utf8")) as { sha256: string }).sha256);
      expect(sum).toBe(createHash("sha256").update(fs.readFileSync(stored)).digest("hex"));

      // the key opens it ("for a .gz backup write gzip -d instead of zstd -d")
      const decrypt = b.compression === "gzip" ? decryptBlock!.replace(/\bzstd -d\b/g, "gzip -d") : decryptBlock!;
      expect(sh(decrypt, { F: stored })).toContain("decrypts OK");

      // 2. restore, exactly as the engine's section says, into a new database
      const script = restoreScript(restoreBlock[b.engine as keyof typeof restoreBlock], b.compression)
        .replace(/\bbackup\.(dump|sql)\.(zst|gz)\.age\b/g, `'${stored}'`)
        .replace(/\bnew\.db\b/g, `'${target[b.engine]!}'`)
        .replace(/\bnewdb\b/g, target[b.engine]!);
      expect(script.split("\n")[0]).toBe("set -o pipefail");
      expect(script).toContain("age -d -i");
      expect(sh(script)).not.toMatch(/error/i);
    }

    // A file cut short: the same README commands fail, instead of the client reporting success on half a dump.
    const my = child.backups.find((b) => b.engine === "mysql")!;
    const cut = path.join(tmp, "cut.sql.gz.age");
    const whole = fs.readFileSync(path.join(destDir, my.key));
    fs.writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2)));
    const truncated = restoreScript(restoreBlock.mysql, "gzip")
      .replace(/\bbackup\.sql\.gz\.age\b/g, `'${cut}'`)
      .replace(/\bnewdb\b/g, myTruncTarget);
    expect(() => sh(truncated)).toThrow(/README commands failed/);

    expect(pgChecksum(pgTarget)).toBe(pgChecksum(pgDb));
    expect(myChecksum(myTarget)).toBe(myChecksum(myDb));
    expect(sqliteChecksum(sqliteTarget)).toBe(sqliteChecksum(sqliteFile));
    expect(sqlite(sqliteTarget, "PRAGMA integrity_check")).toBe("ok");
  }, 120_000);
});
