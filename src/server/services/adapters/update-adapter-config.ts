import { db } from "@/server/db";
import { AppError, isUniqueViolation } from "@/server/errors";
import type { Actor } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { type AdapterKind, entryFor, parseConfig } from "./adapter-kinds";
import { type AdapterConfigDto, toAdapterDto } from "./adapter-dto";
import { parseStored, publicConfig, sealConfig } from "./config-codec";
import { mergeWithStored } from "./merge-config";
import type { TUpdateAdapter } from "./adapters.schema";

export const updateAdapterConfig = async ({ kind, data, actor }: { kind: AdapterKind; data: TUpdateAdapter; actor: Actor }): Promise<AdapterConfigDto> => {
  const row = await db.adapterConfig.findFirst({ where: { id: data.id, kind } });
  if (!row) throw new AppError("NOT_FOUND", `That ${kind} does not exist.`);
  const entry = entryFor(kind, row.adapterId);
  const plain = parseConfig(entry.configSchema, mergeWithStored(entry, row, data.config, data.clearSecrets));
  const before = publicConfig(entry.configSchema, parseStored(row.config));
  try {
    const updated = await db.adapterConfig.update({
      where: { id: row.id },
      // A changed connection starts its health history afresh.
      data: { name: data.name, config: sealConfig(row.id, entry.configSchema, plain), healthStatus: "UNKNOWN", consecutiveFailures: 0, lastError: null },
    });
    const dto = toAdapterDto(updated);
    const changedSecrets = Object.entries(data.config).filter(([k, v]) => dto.secretsSet.includes(k) && v !== "" && v !== undefined).map(([k]) => k);
    await recordAudit({
      actor,
      action: `${kind}.update`,
      resourceType: kind,
      resourceId: row.id,
      before: { name: row.name, ...before.values, encryptedFields: before.secretsSet },
      after: { name: dto.name, ...dto.values, encryptedFields: dto.secretsSet },
      details: { changedEncryptedFields: changedSecrets, clearedEncryptedFields: data.clearSecrets },
    });
    return dto;
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("CONFLICT", `A ${kind} named ${data.name} already exists.`, { fieldErrors: { name: ["Already in use"] } });
    throw e;
  }
};
