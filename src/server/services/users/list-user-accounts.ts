import { db } from "@/server/db";
import { USER_DTO_SELECT, type UserDto } from "./user-dto";

/** The Users page's view: the DTO plus sign-in security state (second factors, temporary lock). */
export type UserAccount = UserDto & { passkeyCount: number; lockedUntil: Date | null };

export const listUserAccounts = async (now: Date = new Date()): Promise<UserAccount[]> => {
  const rows = await db.user.findMany({
    select: { ...USER_DTO_SELECT, lockedUntil: true, _count: { select: { passkeys: true } } },
    orderBy: [{ createdAt: "asc" }],
  });
  return rows.map(({ _count, lockedUntil, ...u }) => ({
    ...u,
    passkeyCount: _count.passkeys,
    // A lock in the past has simply run out: the next good sign-in clears the column.
    lockedUntil: lockedUntil && lockedUntil > now ? lockedUntil : null,
  }));
};
