/**
 * Master key rotation: re-seals every stored secret that is not under the current ENCRYPTION_KEY version,
 * row by row (one guarded UPDATE each), so an interrupted run leaves every row either old or new and a
 * second run finishes the job. A value no configured key opens is reported with its row and kind, and the
 * others go on. Never logs, returns or audits a secret: only kinds, row ids, names and field names.
 */
import { type Keyring, openSecret, sealSecret, sealedVersion } from "@/lib/crypto/secrets";
import { log } from "@/lib/logger";
import { env } from "@/server/env";
import { type Actor, SYSTEM_ACTOR } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { SECRET_KINDS, type SecretKind, type SecretRow, secretRows } from "./secret-stores";

export type KindCounts = { total: number; rewrapped: number; current: number; failed: number };

export type RewrapFailure = { kind: SecretKind; id: string; name: string; field: string; error: string };

export type RewrapResult = {
  keyVersion: number;
  rewrapped: number;
  kinds: Record<SecretKind, KindCounts>;
  failures: RewrapFailure[];
};

/** How often a row edited during the rotation is read again before it is reported. */
const MAX_ATTEMPTS = 3;

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

type RowOutcome = { changed: true } | { changed: false; counts: KindCounts; failures: RewrapFailure[] };

const rewrapRow = async (row: SecretRow, keyring: Keyring): Promise<RowOutcome> => {
  const replaced = new Map<string, string>();
  const failures: RewrapFailure[] = [];
  const fail = (field: string, error: string) => failures.push({ kind: row.kind, id: row.id, name: row.name, field, error });
  let current = 0;
  for (const v of row.values) {
    if (sealedVersion(v.sealed) === keyring.currentVersion) current++;
    else {
      try {
        replaced.set(v.field, sealSecret(openSecret(v.sealed, keyring, v.context), keyring, v.context));
      } catch (e) {
        fail(v.field, message(e));
      }
    }
  }
  let rewrapped = 0;
  if (replaced.size > 0) {
    try {
      if (!(await row.save(replaced))) return { changed: true };
      rewrapped = replaced.size;
    } catch (e) {
      for (const field of replaced.keys()) fail(field, `could not save: ${message(e)}`);
    }
  }
  return { changed: false, counts: { total: row.values.length, rewrapped, current, failed: failures.length }, failures };
};

export const rewrapSecrets = async ({ keyring = env().keyring, actor = SYSTEM_ACTOR }: { keyring?: Keyring; actor?: Actor } = {}): Promise<RewrapResult> => {
  const kinds = Object.fromEntries(SECRET_KINDS.map((k) => [k, { total: 0, rewrapped: 0, current: 0, failed: 0 }])) as Record<SecretKind, KindCounts>;
  const failures: RewrapFailure[] = [];

  for await (const first of secretRows()) {
    let row: SecretRow | null = first;
    for (let attempt = 1; row; attempt++) {
      const out = await rewrapRow(row, keyring);
      if (!out.changed) {
        const c = kinds[row.kind];
        c.total += out.counts.total;
        c.rewrapped += out.counts.rewrapped;
        c.current += out.counts.current;
        c.failed += out.counts.failed;
        failures.push(...out.failures);
        break;
      }
      // Edited (or deleted) since it was read: read it again rather than overwrite the edit.
      const again: SecretRow | null = await firstRow(secretRows({ kind: row.kind, id: row.id }));
      if (again && attempt >= MAX_ATTEMPTS) {
        kinds[row.kind].total += again.values.length;
        kinds[row.kind].failed += again.values.length;
        failures.push({ kind: row.kind, id: row.id, name: row.name, field: "*", error: "the row kept changing during the rotation; run it again" });
        break;
      }
      row = again;
    }
  }

  const rewrapped = SECRET_KINDS.reduce((n, k) => n + kinds[k].rewrapped, 0);
  for (const f of failures) log.error(`cannot re-wrap the ${f.field} secret of ${f.kind} ${f.name} (${f.id}): ${f.error}`);
  if (rewrapped > 0 || failures.length > 0) {
    await recordAudit({
      actor,
      action: "keys.rewrap",
      resourceType: "system",
      outcome: failures.length ? "failure" : "success",
      details: { keyVersion: keyring.currentVersion, rewrapped, counts: kinds, failures: failures.map(({ kind, id, field, error }) => ({ kind, id, field, error })) },
    });
  }
  return { keyVersion: keyring.currentVersion, rewrapped, kinds, failures };
};

const firstRow = async (rows: AsyncGenerator<SecretRow>): Promise<SecretRow | null> => {
  for await (const r of rows) return r;
  return null;
};
