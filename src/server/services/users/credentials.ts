/** Password rows as better-auth keeps them: an Account with providerId "credential". */
import { randomUUID } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import type { Prisma } from "@/generated/prisma/client";

export const CREDENTIAL_PROVIDER = "credential";

export const credentialAccountData = async (userId: string, password: string): Promise<Prisma.AccountCreateManyInput> => ({
  id: randomUUID(),
  accountId: userId,
  providerId: CREDENTIAL_PROVIDER,
  userId,
  password: await hashPassword(password),
});
