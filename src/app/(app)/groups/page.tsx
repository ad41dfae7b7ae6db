import type { Metadata } from "next";
import { requirePage } from "@/server/http/page";
import { can, PERMISSION_GROUPS } from "@/server/rbac/permissions";
import { listGroups } from "@/server/services/groups/list-groups";
import { GroupsView, type PermissionArea } from "./_components/groups-view";

export const metadata: Metadata = { title: "Groups" };

export default async function GroupsPage() {
  const caller = await requirePage("groups:read");
  const groups = await listGroups();
  const areas: PermissionArea[] = PERMISSION_GROUPS.map((a) => ({ area: a.area, permissions: a.permissions.map((p) => ({ id: p.id, label: p.label })) }));
  return (
    <div className="grid gap-6">
      <GroupsView groups={groups} areas={areas} canWrite={can(caller.grant, "groups:write")} />
    </div>
  );
}
