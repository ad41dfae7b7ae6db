import type { Prisma } from "@/generated/prisma/client";

/** What the UI and API see of a user: never a password hash or a token. */
export const USER_DTO_SELECT = {
  id: true,
  name: true,
  email: true,
  banned: true,
  createdAt: true,
  lastLoginAt: true,
  twoFactorEnabled: true,
  group: { select: { id: true, name: true, isSuperAdmin: true } },
} satisfies Prisma.UserSelect;

export type UserDto = Prisma.UserGetPayload<{ select: typeof USER_DTO_SELECT }>;

export const auditableUser = (u: UserDto) => ({ name: u.name, email: u.email, group: u.group?.name ?? null, disabled: !!u.banned });
