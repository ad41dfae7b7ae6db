/**
 * The recovery kit's text: a README that restores backups with standard tools only (age, zstd/gzip and
 * the database's own client), no Bunker needed. Pure: no I/O, no secrets (the key travels in its own
 * file next to the README).
 */

export type RecoveryKitInfo = {
  profileName: string;
  recipient: string;
  profileCreatedAt: Date;
  generatedAt: Date;
  bunkerVersion: string;
};

/** A file-name-safe form of a profile name: lower-case ASCII letters, digits and dashes. */
export const profileSlug = (name: string): string => {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 50)
    .replace(/-+$/, "");
  return slug || "profile";
};

export const recoveryKitFileNames = (profileName: string) => {
  const slug = profileSlug(profileName);
  return { keyFile: `bunker-${slug}.key`, readme: "README.md", archive: `bunker-recovery-kit-${slug}.tar` };
};

const utc = (d: Date): string => `${d.toISOString().slice(0, 19).replace("T", " ")} UTC`;
const cell = (s: string): string => s.replace(/\|/g, "\\|").replace(/[\r\n]+/g, " ");

export const buildRecoveryReadme = (info: RecoveryKitInfo): string => {
  const { keyFile } = recoveryKitFileNames(info.profileName);
  const K = keyFile;
  return `# Bunker recovery kit: ${info.profileName.replace(/[\r\n]+/g, " ")}

This kit decrypts every backup that Bunker encrypted with the encryption profile above. With it, the
standard \`age\` tool and your database's own client tools, you can restore those backups **without
Bunker**: on a new machine, years from now, or after losing the Bunker server and its database.

> **Keep this kit secret and offline.** \`${K}\` decrypts every backup encrypted with this profile.
> Store it apart from the backups: in a password manager, on an encrypted USB stick in a safe, or
> printed on paper. Anyone who has it can read your data. If you lose it and Bunker too, nobody can.

| | |
|---|---|
| Profile | ${cell(info.profileName)} |
| Public key (recipient) | \`${info.recipient}\` |
| Profile created | ${utc(info.profileCreatedAt)} |
| Kit generated | ${utc(info.generatedAt)} by Bunker ${cell(info.bunkerVersion)} |

## What is in the kit

- \`${K}\`: the secret key (an age X25519 identity), in the format \`age-keygen\` writes.
- \`README.md\`: this file.

Check that the key is the right one: \`age-keygen -y ${K}\` must print the public key above.
Each backup's \`.manifest.json\` records which public key it was encrypted to.

## Tools

- \`age\` 1.0 or later, from https://age-encryption.org (\`apt install age\`, \`brew install age\`,
  \`winget install FiloSottile.age\`)
- \`zstd\` or \`gzip\`, depending on how the backup was compressed
- the database's client: \`pg_restore\` (PostgreSQL), \`mysql\` or \`mariadb\` (MySQL/MariaDB),
  \`sqlite3\` (SQLite), Python 3 with the \`redis\` package (Redis)
- \`sha256sum\` (or \`shasum -a 256\` on macOS) and, optionally, \`jq\` to verify a backup

## Reading a backup's file name

A backup is one file, such as \`nightly/2025-01-31/nightly_shop_<timestamp>.dump.zst.age\`, with a
manifest next to it whose name ends in \`.manifest.json\`. Read its suffixes from right to left:

| Suffix | Meaning | Step |
|---|---|---|
| \`.age\` | encrypted with this profile | \`age -d -i ${K}\` |
| \`.zst\` | compressed with zstd | \`zstd -d\` |
| \`.gz\` | compressed with gzip | \`gzip -d\` |
| \`.dump\` | PostgreSQL dump (custom format) | \`pg_restore\` |
| \`.sql\` | MySQL/MariaDB or SQLite SQL script | \`mysql\`, \`mariadb\` or \`sqlite3\` |
| \`.jsonl\` | Redis keys, in Bunker's format | see the Redis section |

A file without \`.age\` was not encrypted: leave out the \`age -d\` step. A file without \`.zst\` or
\`.gz\` was not compressed: leave out the decompression step.

## 1. Verify the backup

The manifest records the SHA-256 of the stored file (its \`sha256\` field). Compare the two before you
restore:

\`\`\`sh
F=backup.dump.zst.age                  # the backup file
M=backup.dump.zst.age.manifest.json    # its manifest
sha256sum "$F"                         # macOS: shasum -a 256 "$F"
jq -r .sha256 "$M"                     # without jq: grep -o '"sha256": *"[0-9a-f]*"' "$M"
[ "$(sha256sum < "$F" | cut -d' ' -f1)" = "$(jq -r .sha256 "$M")" ] && echo "checksum OK" || echo "CHECKSUM MISMATCH"
\`\`\`

Then check that the key opens it, without writing anything:

\`\`\`sh
set -o pipefail                        # see below
age -d -i ${K} "$F" | zstd -d > /dev/null && echo "decrypts OK"
\`\`\`

age authenticates every 64 KiB chunk: a damaged or truncated file makes \`age -d\` stop with an error, it
never yields wrong data silently. The commands below stream, so a restore can still fail halfway:
restore into a **new, empty** database and switch over only once it has finished.

## 2. Restore

Every example uses zstd. For a \`.gz\` backup write \`gzip -d\` instead of \`zstd -d\`; for an
uncompressed one drop that step.

Run them in \`bash\` or \`zsh\` after \`set -o pipefail\` (the first line of each example): a pipeline
then fails when any of its steps fails, for example \`age -d\` on a damaged file. Without it the shell
reports only the last command's status, and a database client that received half a dump may exit 0.

### PostgreSQL (\`.dump\`)

\`\`\`sh
set -o pipefail
createdb newdb
age -d -i ${K} backup.dump.zst.age | zstd -d | pg_restore -d newdb
# gzip: age -d -i ${K} backup.dump.gz.age | gzip -d | pg_restore -d newdb
\`\`\`

- Connect as usual with \`-h\`, \`-p\`, \`-U\` (or \`PGHOST\`, \`PGPORT\`, \`PGUSER\`, \`PGPASSWORD\`).
- Add \`--no-owner --no-privileges\` when the original roles do not exist on the new server.
- \`pg_restore\` must be at least as new as the server the dump came from (the manifest records its version).
- To read the SQL instead of restoring it: \`age -d -i ${K} backup.dump.zst.age | zstd -d | pg_restore -f - | less\`

### MySQL / MariaDB (\`.sql\`)

\`\`\`sh
set -o pipefail
mysql -e 'CREATE DATABASE newdb'
age -d -i ${K} backup.sql.zst.age | zstd -d | mysql newdb
# gzip: age -d -i ${K} backup.sql.gz.age | gzip -d | mysql newdb
\`\`\`

- MariaDB: the same with \`mariadb\` in place of \`mysql\`:
  \`age -d -i ${K} backup.sql.zst.age | zstd -d | mariadb newdb\`
- Connect as usual with \`-h\`, \`-P\`, \`-u\`, \`-p\`.
- The dump holds no \`CREATE DATABASE\` or \`USE\`: it restores into whichever database you name.

### SQLite (\`.sql\`)

\`\`\`sh
set -o pipefail
age -d -i ${K} backup.sql.zst.age | zstd -d | sqlite3 new.db
# gzip: age -d -i ${K} backup.sql.gz.age | gzip -d | sqlite3 new.db
sqlite3 new.db 'PRAGMA integrity_check'
\`\`\`

\`new.db\` must not exist yet. The dump ends with \`COMMIT\`: a file cut short restores nothing.

### Redis (\`.jsonl\`)

Redis backups use Bunker's own format, one JSON object per line: a header line, one line per key
(\`{"k": <base64 key>, "t": <TTL in ms, or -1>, "v": <base64 DUMP payload>}\`) and an end line
(\`{"end": true, "keys": <count>}\`). The simplest way back is Bunker itself (see below). Without
Bunker, this short script restores it with Redis' own \`RESTORE\` command (\`pip install redis\`):

\`\`\`python
#!/usr/bin/env python3
# age -d -i ${K} backup.jsonl.zst.age | zstd -d | python3 restore_redis.py
import base64, json, sys
import redis

r = redis.Redis(host="localhost", port=6379, db=0, password=None)
restored, expected = 0, None
for line in sys.stdin:
    rec = json.loads(line)
    if "k" in rec:
        ttl = rec["t"] if rec["t"] > 0 else 0
        r.restore(base64.b64decode(rec["k"]), ttl, base64.b64decode(rec["v"]), replace=True)
        restored += 1
    elif rec.get("end"):
        expected = rec["keys"]
if expected != restored:
    sys.exit(f"incomplete backup: {restored} keys restored, the end line says {expected}")
print(f"{restored} keys restored")
\`\`\`

The target Redis must be the same version as the source or newer (\`RESTORE\` refuses payloads from a
newer Redis).

## Restoring with Bunker

On a new Bunker instance, open **Vault → Import key** and paste the content of \`${K}\`. Backups
encrypted with this profile can then be decrypted, verified and restored by Bunker again.
`;
};
