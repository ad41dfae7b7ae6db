/** The recovery kit's README, its file names, and the age-keygen identity file format (read and write). */
import { describe, expect, it } from "vitest";
import { isAppError } from "@/server/errors";
import { formatIdentityFile, NEED_SECRET_KEY, parseIdentityFile } from "@/server/services/vault/identity-file";
import { buildRecoveryReadme, profileSlug, recoveryKitFileNames } from "@/server/services/vault/recovery-kit";

// A pair written by `age-keygen` 1.1.1.
const CLI_IDENTITY = "AGE-SECRET-KEY-1GAJ98UYKP9A6FUWNCV78QMFT03NY2HFAR5SGKTSMT7V6SE9VUS3SVYDFCX";
const CLI_RECIPIENT = "age17tu5tf0kfu0fysv8e36jhfux87l9p7sv9evcx6dsua9ve07h7edsuwrxra";
const OTHER_RECIPIENT = "age1gxuaauqc3p0rwxwxn90e8wk8ur825cmj0fpexxtpy858c4q3uatqphhr6s";
const KEYGEN_FILE = `# created: 2025-01-31T12:00:00Z\n# public key: ${CLI_RECIPIENT}\n${CLI_IDENTITY}\n`;

const info = {
  profileName: "Production | EU",
  recipient: CLI_RECIPIENT,
  profileCreatedAt: new Date("2025-01-31T12:00:00Z"),
  generatedAt: new Date("2025-02-01T08:30:00Z"),
  bunkerVersion: "0.1.0",
};

/** The message a refusal carries, also checked to be on the identity field and free of the key. */
const refusal = async (text: string): Promise<string> => {
  try {
    await parseIdentityFile(text);
  } catch (e) {
    if (!isAppError(e)) throw e;
    expect(e.code).toBe("VALIDATION");
    expect(e.fieldErrors?.identity?.[0]).toBe(e.message);
    expect(e.message).not.toContain(CLI_IDENTITY.slice(16, 40));
    return e.message;
  }
  throw new Error("expected a refusal");
};

describe("file names", () => {
  it("slugs profile names to safe ASCII", () => {
    expect(profileSlug("Production")).toBe("production");
    expect(profileSlug("  Offsite / 2025 (EU) ")).toBe("offsite-2025-eu");
    expect(profileSlug("Crème brûlée")).toBe("creme-brulee");
    expect(profileSlug("日本語")).toBe("profile");
    expect(profileSlug("x".repeat(80))).toHaveLength(50);
    expect(recoveryKitFileNames("Prod EU")).toEqual({ keyFile: "bunker-prod-eu.key", readme: "README.md", archive: "bunker-recovery-kit-prod-eu.tar" });
  });
});

describe("recovery kit README", () => {
  const readme = buildRecoveryReadme(info);

  it("names the key file and the recipient, and says how to check they match", () => {
    expect(readme).toContain("# Bunker recovery kit: Production | EU");
    expect(readme).toContain("| Profile | Production \\| EU |");
    expect(readme).toContain(`\`${CLI_RECIPIENT}\``);
    expect(readme).toContain("age-keygen -y bunker-production-eu.key");
    expect(readme).toContain("2025-01-31 12:00:00 UTC");
    expect(readme).toContain("Bunker 0.1.0");
  });

  it("has exact restore commands for every engine and both compressions", () => {
    const K = "bunker-production-eu.key";
    expect(readme).toContain(`age -d -i ${K} backup.dump.zst.age | zstd -d | pg_restore -d newdb`);
    expect(readme).toContain(`age -d -i ${K} backup.dump.gz.age | gzip -d | pg_restore -d newdb`);
    expect(readme).toContain(`age -d -i ${K} backup.sql.zst.age | zstd -d | mysql newdb`);
    expect(readme).toContain(`age -d -i ${K} backup.sql.gz.age | gzip -d | mysql newdb`);
    expect(readme).toContain(`age -d -i ${K} backup.sql.zst.age | zstd -d | mariadb newdb`);
    expect(readme).toContain(`age -d -i ${K} backup.sql.zst.age | zstd -d | sqlite3 new.db`);
    expect(readme).toContain(`age -d -i ${K} backup.sql.gz.age | gzip -d | sqlite3 new.db`);
    expect(readme).toContain(`age -d -i ${K} backup.jsonl.zst.age | zstd -d | python3 restore_redis.py`);
    expect(readme).toMatch(/Redis backups use Bunker's own format/);
    expect(readme).toContain("r.restore(base64.b64decode(rec[\"k\"]), ttl, base64.b64decode(rec[\"v\"]), replace=True)");
  });

  it("makes every restore pipeline fail when any step fails (set -o pipefail first)", () => {
    for (const section of ["### PostgreSQL", "### MySQL / MariaDB", "### SQLite"]) {
      const block = readme.slice(readme.indexOf(section)).split("```sh\n")[1] ?? "";
      expect(block.split("\n")[0], section).toBe("set -o pipefail");
    }
    expect(readme).toContain("after `set -o pipefail`");
  });

  it("explains how to verify the sha256 from the manifest", () => {
    expect(readme).toContain("sha256sum");
    expect(readme).toContain("jq -r .sha256");
    expect(readme).toContain(".manifest.json");
  });

  it("never contains a secret key and has balanced code fences", () => {
    expect(readme).not.toMatch(/AGE-SECRET-KEY-1[0-9A-Z]{20}/);
    expect((readme.match(/^```/gm) ?? []).length % 2).toBe(0);
  });
});

describe("identity files", () => {
  it("writes age-keygen's format", () => {
    expect(formatIdentityFile({ identity: CLI_IDENTITY, recipient: CLI_RECIPIENT, createdAt: new Date("2025-01-31T12:00:00.123Z") })).toBe(KEYGEN_FILE);
  });

  it("reads a whole age-keygen file, a bare key, CRLF, a BOM, lower case, and the CLI's 'Public key:' line", async () => {
    const want = { identity: CLI_IDENTITY, recipient: CLI_RECIPIENT };
    expect(await parseIdentityFile(KEYGEN_FILE)).toEqual(want);
    expect(await parseIdentityFile(`  ${CLI_IDENTITY}  `)).toEqual(want);
    expect(await parseIdentityFile(`\uFEFF${KEYGEN_FILE.replace(/\n/g, "\r\n")}`)).toEqual(want);
    expect(await parseIdentityFile(CLI_IDENTITY.toLowerCase())).toEqual(want);
    expect(await parseIdentityFile(`Public key: ${CLI_RECIPIENT}\n${CLI_IDENTITY}`)).toEqual(want);
  });

  it("refuses a public key alone, saying a secret key is needed", async () => {
    expect(await refusal(CLI_RECIPIENT)).toBe(NEED_SECRET_KEY);
    expect(await refusal(`# public key: ${CLI_RECIPIENT}\n`)).toBe(NEED_SECRET_KEY);
  });

  it("refuses malformed keys with what is wrong", async () => {
    expect(await refusal(CLI_IDENTITY.slice(0, -3))).toMatch(/malformed: it has 71 characters instead of 74/);
    expect(await refusal(`${CLI_IDENTITY.slice(0, -1)}Q`)).toMatch(/checksum does not match/);
    expect(await refusal(`AGE-SECRET-KEY-1${CLI_IDENTITY.slice(16, 40).toLowerCase()}${CLI_IDENTITY.slice(40)}`)).toMatch(/mixes upper and lower case/);
    expect(await refusal("AGE-SECRET-KEY-PQ")).toMatch(/must start with AGE-SECRET-KEY-1/);
    expect(await refusal("hello world")).toMatch(/No age secret key found/);
    expect(await refusal("")).toMatch(/No age secret key found/);
  });

  it("refuses other key kinds, several keys, stray lines and a public key that does not match", async () => {
    expect(await refusal("-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn\n-----END OPENSSH PRIVATE KEY-----")).toMatch(/SSH or PGP key/);
    expect(await refusal("age-encryption.org/v1\n-> scrypt abc 18\n")).toMatch(/age-encrypted file/);
    expect(await refusal("AGE-PLUGIN-YUBIKEY-1QQQ")).toMatch(/Plugin identities/);
    expect(await refusal(`${CLI_IDENTITY}\n${CLI_IDENTITY}`)).toMatch(/holds 2 secret keys/);
    expect(await refusal(`${CLI_IDENTITY}\nsome note`)).toMatch(/Line 2 is neither a comment nor an age key/);
    expect(await refusal(`# public key: ${OTHER_RECIPIENT}\n${CLI_IDENTITY}`)).toMatch(/says its public key is age1gxuaauqc…phhr6s, but its secret key belongs to age17tu5tf0k…uwrxra/);
    expect(await refusal(`# public key: age1nope\n${CLI_IDENTITY}`)).toMatch(/not a valid age public key/);
  });
});
