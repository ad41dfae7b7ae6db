import { z } from "zod";

export const ZProfileName = z
  .string()
  .trim()
  .min(1, "Name is required")
  .max(60, "Name is at most 60 characters")
  // eslint-disable-next-line no-control-regex
  .regex(/^[^\x00-\x1f\x7f]+$/, "Name cannot contain control characters");

export const ZProfileDescription = z
  .string()
  .trim()
  .max(300, "Description is at most 300 characters")
  .nullish()
  .transform((s) => s || null);

/** Room for an age-keygen file with a few comment lines; a real one is under 200 characters. */
export const ZIdentityText = z.string().min(1, "Paste the secret key (AGE-SECRET-KEY-1…)").max(10_000, "That is far longer than an age key file");

export const ZCreateProfile = z.object({ name: ZProfileName, description: ZProfileDescription });
export type TCreateProfile = z.infer<typeof ZCreateProfile>;

export const ZImportProfile = z.object({ name: ZProfileName, description: ZProfileDescription, identity: ZIdentityText });
export type TImportProfile = z.infer<typeof ZImportProfile>;

export const ZRenameProfile = z.object({ profileId: z.string().min(1), name: ZProfileName, description: ZProfileDescription });
export type TRenameProfile = z.infer<typeof ZRenameProfile>;

export const ZProfileRef = z.object({ profileId: z.string().min(1) });
