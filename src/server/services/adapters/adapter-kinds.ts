import type { z } from "zod";
import { NOTIFIERS, notifierEntry } from "@/adapters/notifiers/registry";
import type { NotifierEntry } from "@/adapters/notifiers/types";
import { DESTINATIONS, destinationEntry, SOURCES, sourceEntry } from "@/adapters/registry";
import type { DestinationEntry, SourceEntry } from "@/adapters/types";
import { AppError } from "@/server/errors";

export type AdapterKind = "source" | "destination" | "notifier";
export type AnyEntry = SourceEntry | DestinationEntry | NotifierEntry;
/** The kinds with a connection test and health checks */
export type ConnectableEntry = SourceEntry | DestinationEntry;

const lookup = (kind: AdapterKind, adapterId: string): AnyEntry | undefined =>
  kind === "source" ? sourceEntry(adapterId) : kind === "destination" ? destinationEntry(adapterId) : notifierEntry(adapterId);

export const entryFor = (kind: AdapterKind, adapterId: string): AnyEntry => {
  const entry = lookup(kind, adapterId);
  if (!entry) throw new AppError("VALIDATION", `Unknown ${kind} type "${adapterId}".`, { fieldErrors: { adapterId: ["Unknown type"] } });
  return entry;
};

export const entriesOf = (kind: AdapterKind): Array<[string, AnyEntry]> =>
  Object.entries(kind === "source" ? SOURCES : kind === "destination" ? DESTINATIONS : NOTIFIERS) as Array<[string, AnyEntry]>;

export const kindLabel = (kind: AdapterKind) => kind;

/** The route and permission area of a kind: /sources, /destinations, /notifications. */
export const areaOf = (kind: AdapterKind) => (kind === "source" ? "sources" : kind === "destination" ? "destinations" : "notifications");

/** Validates a plain config against the adapter schema; errors come back keyed as config.<field>. */
export const parseConfig = (schema: z.ZodType, plain: unknown): Record<string, unknown> => {
  const r = schema.safeParse(plain);
  if (r.success) return r.data as Record<string, unknown>;
  const fieldErrors: Record<string, string[]> = {};
  for (const i of r.error.issues) (fieldErrors[`config.${i.path.join(".") || "_"}`] ??= []).push(i.message);
  const first = r.error.issues[0];
  throw new AppError("VALIDATION", `${first?.path.join(".") || "config"}: ${first?.message ?? "invalid"}`, { fieldErrors });
};
