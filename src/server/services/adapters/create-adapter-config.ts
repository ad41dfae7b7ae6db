import { randomUUID } from "node:crypto";
import { db } from "@/server/db";
import { AppError, isUniqueViolation } from "@/server/errors";
import type { Actor } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { type AdapterKind, entryFor, parseConfig } from "./adapter-kinds";
import { type AdapterConfigDto, toAdapterDto } from "./adapter-dto";
import { sealConfig } from "./config-codec";
import type { TCreateAdapter } from "./adapters.schema";

export const createAdapterConfig = async ({ kind, data, actor }: { kind: AdapterKind; data: TCreateAdapter; actor: Actor }): Promise<AdapterConfigDto> => {
  const entry = entryFor(kind, data.adapterId);
  const plain = parseConfig(entry.configSchema, data.config);
  const id = randomUUID();
  try {
    const row = await db.adapterConfig.create({
      data: { id, kind, adapterId: data.adapterId, name: data.name, config: sealConfig(id, entry.configSchema, plain) },
    });
    const dto = toAdapterDto(row);
    await recordAudit({ actor, action: `${kind}.create`, resourceType: kind, resourceId: id, after: { name: dto.name, type: data.adapterId, ...dto.values, encryptedFields: dto.secretsSet } });
    return dto;
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("CONFLICT", `A ${kind} named ${data.name} already exists.`, { fieldErrors: { name: ["Already in use"] } });
    throw e;
  }
};
