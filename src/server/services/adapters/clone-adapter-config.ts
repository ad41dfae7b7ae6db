import { randomUUID } from "node:crypto";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { Actor } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { type AdapterKind, entryFor } from "./adapter-kinds";
import { type AdapterConfigDto, toAdapterDto } from "./adapter-dto";
import { openConfig, parseStored, sealConfig } from "./config-codec";

/** Copies a config under a free "<name> (copy N)" name. Secrets are re-sealed: they are bound to the id. */
export const cloneAdapterConfig = async ({ kind, id, actor }: { kind: AdapterKind; id: string; actor: Actor }): Promise<AdapterConfigDto> => {
  const row = await db.adapterConfig.findFirst({ where: { id, kind } });
  if (!row) throw new AppError("NOT_FOUND", `That ${kind} does not exist.`);
  const entry = entryFor(kind, row.adapterId);
  const plain = openConfig(row.id, entry.configSchema, parseStored(row.config));
  const taken = new Set((await db.adapterConfig.findMany({ where: { kind, name: { startsWith: row.name } }, select: { name: true } })).map((r) => r.name));
  let name = `${row.name} (copy)`;
  for (let n = 2; taken.has(name); n++) name = `${row.name} (copy ${n})`;
  const newId = randomUUID();
  const created = await db.adapterConfig.create({
    data: { id: newId, kind, adapterId: row.adapterId, name: name.slice(0, 80), config: sealConfig(newId, entry.configSchema, plain) },
  });
  await recordAudit({ actor, action: `${kind}.clone`, resourceType: kind, resourceId: newId, details: { from: row.id, name } });
  return toAdapterDto(created);
};
