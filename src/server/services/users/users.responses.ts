/** What the REST API answers about users (see ../common.responses.ts): never a password hash or a token. */
import { z } from "zod";
import { ZDateTime, type Wire } from "../common.responses";
import type { UserDto } from "./user-dto";

export const ZUser = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    banned: z.boolean().nullable().describe("true: the account is disabled"),
    createdAt: ZDateTime,
    lastLoginAt: ZDateTime.nullable(),
    twoFactorEnabled: z.boolean().nullable(),
    group: z.strictObject({ id: z.string(), name: z.string(), isSuperAdmin: z.boolean() }).nullable(),
  })
  .meta({ id: "User" }) satisfies z.ZodType<Wire<UserDto>>;

export const ZUsersResponse = z.strictObject({ users: z.array(ZUser) });
export const ZUserResponse = z.strictObject({ user: ZUser });
