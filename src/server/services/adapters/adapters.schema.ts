import { z } from "zod";

export const ZAdapterKind = z.enum(["source", "destination", "notifier"]);

const ZConfigValues = z.record(z.string(), z.unknown());

export const ZCreateAdapter = z.object({
  adapterId: z.string().min(1),
  name: z.string().trim().min(1, "Name is required").max(80, "Name is at most 80 characters"),
  config: ZConfigValues,
});
export type TCreateAdapter = z.infer<typeof ZCreateAdapter>;

export const ZUpdateAdapter = z.object({
  id: z.string().min(1),
  name: z.string().trim().min(1, "Name is required").max(80, "Name is at most 80 characters"),
  /** Secret fields left empty keep their stored value */
  config: ZConfigValues,
  /** Secret fields to remove (e.g. switch from password to key login) */
  clearSecrets: z.array(z.string()).max(20).default([]),
});
export type TUpdateAdapter = z.infer<typeof ZUpdateAdapter>;

/** Test a config from the form: a new one, or an edit of a stored one (its secrets fill empty fields). */
export const ZTestAdapter = z.object({
  id: z.string().optional(),
  /** The name in the form: a notifier's test message mentions it */
  name: z.string().max(80).optional(),
  adapterId: z.string().min(1),
  config: ZConfigValues,
  clearSecrets: z.array(z.string()).max(20).default([]),
});
export type TTestAdapter = z.infer<typeof ZTestAdapter>;

export const ZAdapterId = z.object({ id: z.string().min(1) });
