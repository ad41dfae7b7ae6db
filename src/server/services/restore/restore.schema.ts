/**
 * Input of the restore use cases (wizard actions and the API share it). Privileged credentials are for
 * one restore only: they travel in memory to the run and are never stored, logged or audited.
 */
import { z } from "zod";

export const ZRestoreCredentials = z.object({
  username: z.string().trim().min(1, "Enter the user name").max(200),
  password: z.string().max(1000).optional(),
});

/** An empty user name means "no override" (the collapsed Advanced section sends blanks). */
const ZOptionalCredentials = z.preprocess(
  (v) => (v && typeof v === "object" && !String((v as { username?: unknown }).username ?? "").trim() ? undefined : v),
  ZRestoreCredentials.optional(),
);

const ZBase = {
  targetSourceId: z.string().trim().min(1, "Pick a target source").max(64),
  database: z.string().trim().min(1, "Enter a database name").max(200),
  overwrite: z.boolean().default(false),
  /** The database name typed again: required when overwrite is on */
  confirm: z.string().max(200).optional(),
  credentials: ZOptionalCredentials,
};

export const ZRestoreRequest = z.object(ZBase);
export type TRestoreRequest = z.output<typeof ZRestoreRequest>;
export type TRestoreRequestInput = z.input<typeof ZRestoreRequest>;

export const ZRestoreAction = z.object({ backupId: z.string().min(1).max(64), ...ZBase });
export type TRestoreAction = z.output<typeof ZRestoreAction>;
export type TRestoreActionInput = z.input<typeof ZRestoreAction>;

export const ZBackupParams = z.object({ backupId: z.string().min(1).max(64) });
