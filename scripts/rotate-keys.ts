// npm run keys:rotate [-- --check] — re-wraps every stored secret under the current ENCRYPTION_KEY version
// (the same work the app does at start when ENCRYPTION_PREVIOUS_KEYS is set). Works with the app stopped:
// it reads the same .env, DATA_DIR and DATABASE_URL as `npm start`. Exit code 1 when a secret cannot be
// re-wrapped (or, with --check, when one is under a key version that is not configured).
import fs from "node:fs";
import path from "node:path";

const BACKUPS_NOTE =
  "Backups are not touched: they are encrypted with the age keys of their encryption profiles, not with ENCRYPTION_KEY, and need no re-encryption.";

const usage = () => {
  console.log("usage: npm run keys:rotate            re-wrap every secret under the current key\n       npm run keys:rotate -- --check   only count the secrets under old key versions");
};

const main = async (): Promise<number> => {
  const args = process.argv.slice(2);
  if (args.includes("--help") || args.includes("-h")) {
    usage();
    return 0;
  }
  const unknown = args.filter((a) => a !== "--check");
  if (unknown.length) {
    console.error(`unknown argument: ${unknown.join(" ")}`);
    usage();
    return 2;
  }
  const check = args.includes("--check");

  // As scripts/start.mjs: .env first, then the app's own env module (imported only now, so it sees it).
  if (fs.existsSync(".env")) process.loadEnvFile(".env");
  const { databaseUrl, env } = await import("@/server/env");
  const url = databaseUrl();
  const file = path.resolve(url.replace(/^file:/, ""));
  // Checked before env(): with no ENCRYPTION_KEY set, env() would generate a fresh key in a wrong DATA_DIR.
  if (!fs.existsSync(file)) {
    console.error(`no Bunker database at ${file}: set DATA_DIR (or DATABASE_URL) as for the app, and run this where the app runs`);
    return 2;
  }
  const { keyring } = env();
  const previous = [...keyring.keys.keys()].filter((v) => v !== keyring.currentVersion).sort((a, b) => a - b);
  console.log(`database ${file}; current key v${keyring.currentVersion}; previous keys: ${previous.length ? previous.map((v) => `v${v}`).join(", ") : "none"}`);

  const { db } = await import("@/server/db");
  try {
    if (check) {
      const { checkSecretVersions } = await import("@/server/services/keys/check-secret-versions");
      const r = await checkSecretVersions({ keyring });
      const versions = Object.entries(r.byVersion).map(([v, n]) => `v${v}: ${n}`).join(", ");
      console.log(`${r.total} stored secret(s)${versions ? ` (${versions})` : ""}`);
      const kinds = Object.entries(r.staleByKind).map(([k, n]) => `${k}: ${n}`).join(", ");
      console.log(`${r.stale} secret(s) under old key versions (${kinds})${r.stale ? ": run `npm run keys:rotate`, or start Bunker with ENCRYPTION_PREVIOUS_KEYS set" : ""}`);
      for (const v of r.missingKeys) console.error(`secrets under key v${v} cannot be opened: no key for v${v} is configured (ENCRYPTION_PREVIOUS_KEYS)`);
      console.log(BACKUPS_NOTE);
      return r.missingKeys.length ? 1 : 0;
    }
    const { rewrapSecrets } = await import("@/server/services/keys/rewrap-secrets");
    const r = await rewrapSecrets({ keyring, actor: { kind: "system", reason: "npm run keys:rotate" } });
    for (const [kind, c] of Object.entries(r.kinds)) {
      console.log(`  ${kind}: ${c.rewrapped} re-wrapped, ${c.current} already under v${r.keyVersion}, ${c.failed} failed`);
    }
    console.log(`re-wrapped ${r.rewrapped} secrets under key v${r.keyVersion}`);
    for (const f of r.failures) console.error(`FAILED ${f.kind} "${f.name}" (${f.id}), field ${f.field}: ${f.error}`);
    if (r.failures.length) {
      console.error(`${r.failures.length} secret(s) could not be re-wrapped: add the key they were sealed with to ENCRYPTION_PREVIOUS_KEYS and run again, or enter those secrets again in Bunker`);
    } else {
      console.log(`every stored secret is under key v${r.keyVersion}${previous.length ? ": ENCRYPTION_PREVIOUS_KEYS can now be removed" : ""}`);
    }
    console.log(BACKUPS_NOTE);
    return r.failures.length ? 1 : 0;
  } finally {
    await db.$disconnect();
  }
};

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error("key rotation failed:", e instanceof Error ? e.message : e);
    process.exit(2);
  },
);
