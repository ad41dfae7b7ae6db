/** The target source of a restore, opened (config decrypted), with the one-restore login applied. */
import type { RestoreCredentials } from "@/adapters/types";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { AdapterOpenError, type OpenedSource, openSource } from "../adapters/open-adapter";

export const openRestoreTarget = async (sourceId: string, credentials?: RestoreCredentials): Promise<OpenedSource> => {
  const row = await db.adapterConfig.findUnique({ where: { id: sourceId }, select: { id: true, name: true, kind: true, adapterId: true, config: true } });
  if (!row || row.kind !== "source") throw new AppError("NOT_FOUND", "That target source does not exist.");
  let source: OpenedSource;
  try {
    source = await openSource(row);
  } catch (e) {
    if (e instanceof AdapterOpenError) throw new AppError("PRECONDITION_FAILED", e.message, { cause: e });
    throw e;
  }
  if (!credentials) return source;
  if (!source.adapter.withCredentials) {
    throw new AppError("VALIDATION", `${source.name} (${source.adapterId}) has no login to replace: leave the privileged credentials empty.`, {
      fieldErrors: { "credentials.username": ["This source type has no login"] },
    });
  }
  return { ...source, config: source.adapter.withCredentials(source.config, credentials) };
};
