import { db } from "@/server/db";
import { type ApiKeyDto } from "./api-key-dto";
import { fromStatements } from "./api-key-permissions";

const parse = (json: string | null): Record<string, string[]> | null => {
  try {
    return json ? (JSON.parse(json) as Record<string, string[]>) : null;
  } catch {
    return null;
  }
};

export const listApiKeys = async (userId: string): Promise<ApiKeyDto[]> => {
  const rows = await db.apikey.findMany({ where: { referenceId: userId }, orderBy: { createdAt: "desc" } });
  return rows.map((r) => ({
    id: r.id,
    name: r.name ?? "",
    start: r.start,
    permissions: fromStatements(parse(r.permissions)),
    enabled: r.enabled !== false,
    expiresAt: r.expiresAt,
    lastUsedAt: r.lastRequest,
    createdAt: r.createdAt,
  }));
};
