/**
 * Every place a value sealed under the master key (ENCRYPTION_KEY) is stored, with the AAD context it was
 * sealed with. Rotation and its check walk this list, so a new kind of stored secret is added here once.
 *
 * - AdapterConfig.config: the secret fields of sources, destinations and notifiers, as config-codec seals
 *   them (`adapter:<id>:<field>`). Any top-level string that is a sealed value counts, whatever the
 *   adapter type, so a row whose adapter was renamed or removed is still re-wrapped.
 * - EncryptionProfile.identity: the age identity (`profile:<id>:identity`).
 * - ssoProvider.oidcConfig: the OIDC client secret inside the plugin's JSON (`sso-provider:client-secret`).
 * Better-auth's other tables hold no value sealed under this key (sessions and tokens are hashed or signed
 * with BETTER_AUTH_SECRET), and settings hold no secret.
 */
import { isSealed } from "@/lib/crypto/secrets";
import { db } from "@/server/db";
import { SSO_SECRET_CONTEXT } from "@/server/auth/auth-db";
import { adapterSecretContext, parseStored } from "../adapters/config-codec";
import { identityContext } from "../vault/profile-dto";

export const SECRET_KINDS = ["adapter-config", "encryption-profile", "sso-provider"] as const;
export type SecretKind = (typeof SECRET_KINDS)[number];

/** One sealed value; `field` is the config field name (for adapter configs). */
export type SealedValue = { field: string; context: string; sealed: string };

/** One row holding sealed values, and how to write new ones back only if the row has not changed since. */
export type SecretRow = {
  kind: SecretKind;
  id: string;
  name: string;
  values: SealedValue[];
  /** Writes the replaced values (by field); false when the row changed or vanished meanwhile. */
  save: (replaced: Map<string, string>) => Promise<boolean>;
};

const PAGE = 100;

/** Pages through a table by id, so a large install is never loaded at once. */
async function* paged<T extends { id: string }>(page: (cursor: string | undefined) => Promise<T[]>): AsyncGenerator<T> {
  let cursor: string | undefined;
  for (;;) {
    const rows = await page(cursor);
    for (const r of rows) yield r;
    if (rows.length < PAGE) return;
    cursor = rows[rows.length - 1]!.id;
  }
}

/** `only` picks one row (to read it again after a concurrent edit). */
const idFilter = (cursor: string | undefined, only: string | undefined) =>
  only ? { id: only } : cursor ? { id: { gt: cursor } } : {};

const adapterRows = (only?: string): AsyncGenerator<{ id: string; name: string; config: string; updatedAt: Date }> =>
  paged((cursor) =>
    db.adapterConfig.findMany({
      select: { id: true, name: true, config: true, updatedAt: true },
      where: idFilter(cursor, only),
      orderBy: { id: "asc" },
      take: PAGE,
    }),
  );

const profileRows = (only?: string): AsyncGenerator<{ id: string; name: string; identity: string; updatedAt: Date }> =>
  paged((cursor) =>
    db.encryptionProfile.findMany({
      select: { id: true, name: true, identity: true, updatedAt: true },
      where: idFilter(cursor, only),
      orderBy: { id: "asc" },
      take: PAGE,
    }),
  );

const ssoRows = (only?: string): AsyncGenerator<{ id: string; providerId: string; name: string; oidcConfig: string | null }> =>
  paged((cursor) =>
    db.ssoProvider.findMany({
      select: { id: true, providerId: true, name: true, oidcConfig: true },
      where: idFilter(cursor, only),
      orderBy: { id: "asc" },
      take: PAGE,
    }),
  );

/**
 * Each write is one UPDATE guarded by the value read (compare-and-swap): an edit saved meanwhile is never
 * overwritten with stale settings, and the row keeps its updatedAt, since nobody edited it.
 */
export async function* secretRows(filter: { kind?: SecretKind; id?: string } = {}): AsyncGenerator<SecretRow> {
  const want = (kind: SecretKind) => !filter.kind || filter.kind === kind;
  if (want("adapter-config")) for await (const row of adapterRows(filter.id)) {
    let stored: Record<string, unknown>;
    try {
      stored = parseStored(row.config);
    } catch {
      continue; // not JSON: holds no sealed value that could be re-wrapped
    }
    const values = Object.entries(stored)
      .filter((e): e is [string, string] => typeof e[1] === "string" && isSealed(e[1]))
      .map(([field, sealed]) => ({ field, sealed, context: adapterSecretContext(row.id, field) }));
    if (values.length === 0) continue;
    yield {
      kind: "adapter-config",
      id: row.id,
      name: row.name,
      values,
      save: async (replaced) => {
        const config = JSON.stringify({ ...stored, ...Object.fromEntries(replaced) });
        const r = await db.adapterConfig.updateMany({ where: { id: row.id, config: row.config }, data: { config, updatedAt: row.updatedAt } });
        return r.count === 1;
      },
    };
  }
  if (want("encryption-profile")) for await (const row of profileRows(filter.id)) {
    if (!isSealed(row.identity)) continue;
    yield {
      kind: "encryption-profile",
      id: row.id,
      name: row.name,
      values: [{ field: "identity", sealed: row.identity, context: identityContext(row.id) }],
      save: async (replaced) => {
        const identity = replaced.get("identity");
        if (identity === undefined) return true;
        const r = await db.encryptionProfile.updateMany({ where: { id: row.id, identity: row.identity }, data: { identity, updatedAt: row.updatedAt } });
        return r.count === 1;
      },
    };
  }
  if (want("sso-provider")) for await (const row of ssoRows(filter.id)) {
    let cfg: Record<string, unknown>;
    try {
      cfg = JSON.parse(row.oidcConfig ?? "") as Record<string, unknown>;
    } catch {
      continue;
    }
    const secret = cfg.clientSecret;
    if (typeof secret !== "string" || !isSealed(secret)) continue;
    yield {
      kind: "sso-provider",
      id: row.id,
      name: row.name || row.providerId,
      values: [{ field: "clientSecret", sealed: secret, context: SSO_SECRET_CONTEXT }],
      save: async (replaced) => {
        const clientSecret = replaced.get("clientSecret");
        if (clientSecret === undefined) return true;
        const oidcConfig = JSON.stringify({ ...cfg, clientSecret });
        const r = await db.ssoProvider.updateMany({ where: { id: row.id, oidcConfig: row.oidcConfig }, data: { oidcConfig } });
        return r.count === 1;
      },
    };
  }
}
