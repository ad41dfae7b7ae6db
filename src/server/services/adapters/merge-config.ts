import type { AdapterConfig } from "@/generated/prisma/client";
import type { AnyEntry } from "./adapter-kinds";
import { openConfig, parseStored } from "./config-codec";
import { secretFieldNames } from "./config-fields";

/**
 * The plain config an edit means: the submitted fields, with every secret left empty taken from the
 * stored config (the form never sees stored secrets), minus the secrets the user chose to clear.
 */
export const mergeWithStored = (
  entry: AnyEntry,
  row: Pick<AdapterConfig, "id" | "config"> | null,
  submitted: Record<string, unknown>,
  clearSecrets: string[] = [],
): Record<string, unknown> => {
  const secrets = secretFieldNames(entry.configSchema);
  const existing = row ? openConfig(row.id, entry.configSchema, parseStored(row.config)) : {};
  const merged: Record<string, unknown> = { ...submitted };
  for (const s of secrets) {
    const v = submitted[s];
    if (clearSecrets.includes(s)) delete merged[s];
    else if (v === undefined || v === null || v === "") {
      if (existing[s] !== undefined) merged[s] = existing[s];
      else delete merged[s];
    }
  }
  return merged;
};
