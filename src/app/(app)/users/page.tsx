import type { Metadata } from "next";
import { PageHeader } from "@/components/common/page-header";
import { requirePage } from "@/server/http/page";
import { can } from "@/server/rbac/permissions";
import { listGroups } from "@/server/services/groups/list-groups";
import { listUserAccounts } from "@/server/services/users/list-user-accounts";
import { NewUserButton } from "./_components/new-user-button";
import { UsersTable, type UserRow } from "./_components/users-table";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const caller = await requirePage("users:read");
  const canWrite = can(caller.grant, "users:write");
  const [users, groups] = await Promise.all([listUserAccounts(), listGroups()]);
  const rows: UserRow[] = users.map((u) => ({
    id: u.id,
    name: u.name,
    email: u.email,
    groupId: u.group?.id ?? null,
    groupName: u.group?.name ?? "No group",
    disabled: !!u.banned,
    totp: !!u.twoFactorEnabled,
    passkeys: u.passkeyCount,
    lockedUntil: u.lockedUntil?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    isSelf: u.id === caller.userId,
  }));
  const groupOptions = groups.map((g) => ({ id: g.id, name: g.name }));
  return (
    <div className="grid gap-6">
      <PageHeader
        title="Users"
        description="Everyone who can sign in to this instance. A user's group decides what they may see and do."
        actions={canWrite ? <NewUserButton groups={groupOptions} /> : null}
      />
      <UsersTable rows={rows} groups={groupOptions} canWrite={canWrite} />
    </div>
  );
}
