/** What the REST API answers about the caller's own profile picture (see ../common.responses.ts). */
import { z } from "zod";

export const ZProfileImageSet = z.strictObject({ image: z.string().startsWith("data:image/webp;base64,").describe("The stored picture: a 256×256 WebP as a data URL") });
export const ZProfileImageRemoved = z.strictObject({ removed: z.boolean().describe("false: there was no picture") });
