import type { z } from "zod";
import { DESTINATIONS, destinationEntry, SOURCES, sourceEntry } from "@/adapters/registry";
import type { DestinationEntry, SourceEntry } from "@/adapters/types";
import { AppError } from "@/server/errors";

export type AdapterKind = "source" | "destination";
export type AnyEntry = SourceEntry | DestinationEntry;

export const entryFor = (kind: AdapterKind, adapterId: string): AnyEntry => {
  const entry = kind === "source" ? sourceEntry(adapterId) : destinationEntry(adapterId);
  if (!entry) throw new AppError("VALIDATION", `Unknown ${kind} type "${adapterId}".`, { fieldErrors: { adapterId: ["Unknown type"] } });
  return entry;
};

export const entriesOf = (kind: AdapterKind): Array<[string, AnyEntry]> =>
  Object.entries(kind === "source" ? SOURCES : DESTINATIONS) as Array<[string, AnyEntry]>;

export const kindLabel = (kind: AdapterKind) => (kind === "source" ? "source" : "destination");

/** Validates a plain config against the adapter schema; errors come back keyed as config.<field>. */
export const parseConfig = (schema: z.ZodType, plain: unknown): Record<string, unknown> => {
  const r = schema.safeParse(plain);
  if (r.success) return r.data as Record<string, unknown>;
  const fieldErrors: Record<string, string[]> = {};
  for (const i of r.error.issues) (fieldErrors[`config.${i.path.join(".") || "_"}`] ??= []).push(i.message);
  const first = r.error.issues[0];
  throw new AppError("VALIDATION", `${first?.path.join(".") || "config"}: ${first?.message ?? "invalid"}`, { fieldErrors });
};
