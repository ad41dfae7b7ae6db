/**
 * Stored configs keep secret fields sealed (AES-256-GCM, bound to the config id and field name) and the
 * rest in clear, so listing never needs the master key and a sealed value cannot be moved elsewhere.
 */
import { seal, unseal } from "@/server/secrets";
import { secretFieldNames } from "./config-fields";
import type { z } from "zod";

const context = (id: string, field: string) => `adapter:${id}:${field}`;
/** The AAD a secret field is sealed with (key rotation re-wraps each value under the same context). */
export const adapterSecretContext = context;

export type StoredConfig = Record<string, unknown>;

export const parseStored = (json: string): StoredConfig => {
  const v: unknown = JSON.parse(json);
  return v && typeof v === "object" && !Array.isArray(v) ? (v as StoredConfig) : {};
};

/** Plain config → what goes into AdapterConfig.config. Empty secret values are not stored. */
export const sealConfig = (id: string, schema: z.ZodType, plain: Record<string, unknown>): string => {
  const secrets = new Set(secretFieldNames(schema));
  const out: StoredConfig = {};
  for (const [k, v] of Object.entries(plain)) {
    if (v === undefined || v === null) continue;
    if (secrets.has(k)) {
      if (typeof v === "string" && v !== "") out[k] = seal(v, context(id, k));
    } else out[k] = v;
  }
  return JSON.stringify(out);
};

/** Stored config → plain values with secrets opened (server-side only, for adapters). */
export const openConfig = (id: string, schema: z.ZodType, stored: StoredConfig): Record<string, unknown> => {
  const secrets = new Set(secretFieldNames(schema));
  return Object.fromEntries(
    Object.entries(stored).map(([k, v]) => [k, secrets.has(k) && typeof v === "string" ? unseal(v, context(id, k)) : v]),
  );
};

/** What the UI and API may see: non-secret values, and which secrets are set. */
export const publicConfig = (schema: z.ZodType, stored: StoredConfig): { values: Record<string, unknown>; secretsSet: string[] } => {
  const secrets = new Set(secretFieldNames(schema));
  const values: Record<string, unknown> = {};
  const secretsSet: string[] = [];
  for (const [k, v] of Object.entries(stored)) {
    if (secrets.has(k)) secretsSet.push(k);
    else values[k] = v;
  }
  return { values, secretsSet };
};
