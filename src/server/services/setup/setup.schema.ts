import { z } from "zod";
import { ZEmail, ZName, ZPassword } from "../users/users.schema";

export const ZSetup = z
  .object({ name: ZName, email: ZEmail, password: ZPassword, confirmPassword: z.string() })
  .refine((v) => v.password === v.confirmPassword, { message: "Passwords do not match", path: ["confirmPassword"] });
export type TSetup = z.infer<typeof ZSetup>;
