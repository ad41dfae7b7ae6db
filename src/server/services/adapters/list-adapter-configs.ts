import { db } from "@/server/db";
import type { AdapterKind } from "./adapter-kinds";
import { type AdapterConfigDto, toAdapterDto, usageOf, usageSelect } from "./adapter-dto";

export const listAdapterConfigs = async (kind: AdapterKind): Promise<AdapterConfigDto[]> => {
  const rows = await db.adapterConfig.findMany({ where: { kind }, include: usageSelect, orderBy: { name: "asc" } });
  return rows.map((r) => toAdapterDto(r, usageOf(r)));
};

export const getAdapterConfig = async (kind: AdapterKind, id: string): Promise<AdapterConfigDto | null> => {
  const row = await db.adapterConfig.findFirst({ where: { id, kind }, include: usageSelect });
  return row ? toAdapterDto(row, usageOf(row)) : null;
};
