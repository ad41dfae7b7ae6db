"use client";
import { KeyRound, Lock, Pencil, Plus, ShieldCheck, Trash2, Users } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { PageHeader } from "@/components/common/page-header";
import { ConfirmDelete } from "@/components/data-table/confirm-dialog";
import { useServerAction } from "@/components/forms/use-server-action";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { Switch } from "@/components/ui/switch";
import type { GroupDto } from "@/server/services/groups/group-dto";
import { deleteGroupAction, setGroupTwoFactorAction } from "../actions";
import { GroupDialog } from "./group-dialog";

export type PermissionArea = { area: string; permissions: { id: string; label: string }[] };

export function GroupsView({ groups, areas, canWrite }: { groups: GroupDto[]; areas: PermissionArea[]; canWrite: boolean }) {
  const router = useRouter();
  const [editing, setEditing] = useState<GroupDto | "new" | null>(null);
  const [deleting, setDeleting] = useState<GroupDto | null>(null);
  const del = useServerAction(deleteGroupAction);
  const twoFactor = useServerAction(setGroupTwoFactorAction);
  const total = areas.reduce((n, a) => n + a.permissions.length, 0);

  return (
    <>
      <PageHeader
        title="Groups"
        description="A group is a set of permissions. Every user belongs to exactly one group."
        actions={canWrite ? <Button onClick={() => setEditing("new")}><Plus /> New group</Button> : null}
      />
      <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
        {groups.map((g) => (
          <Card key={g.id} data-testid={`group-card-${g.name}`}>
            <CardHeader>
              <CardTitle className="flex items-center gap-2">
                {g.isSuperAdmin ? <ShieldCheck className="text-primary size-4" /> : null}
                {g.name}
                {g.isSystem ? <Badge variant="secondary" className="gap-1"><Lock className="size-3" />Built-in</Badge> : null}
              </CardTitle>
              <CardDescription>{g.description ?? "No description"}</CardDescription>
              {canWrite && !g.isSuperAdmin ? (
                <CardAction className="flex gap-1">
                  <Button variant="ghost" size="icon" aria-label={`Edit ${g.name}`} onClick={() => setEditing(g)}>
                    <Pencil />
                  </Button>
                  {!g.isSystem ? (
                    <Button variant="ghost" size="icon" aria-label={`Delete ${g.name}`} onClick={() => setDeleting(g)}>
                      <Trash2 />
                    </Button>
                  ) : null}
                </CardAction>
              ) : null}
            </CardHeader>
            <CardContent className="grid gap-3 text-sm">
              <div className="flex items-center justify-between">
                <span className="text-muted-foreground flex items-center gap-1.5">
                  <Users className="size-4" /> {g.userCount} member{g.userCount === 1 ? "" : "s"}
                </span>
                <span className="text-muted-foreground">{g.isSuperAdmin ? "All permissions" : `${g.permissions.length} of ${total} permissions`}</span>
              </div>
              <div className="flex items-center justify-between gap-3 border-t pt-3">
                <Label htmlFor={`require-2fa-${g.id}`} className="flex items-start gap-1.5 font-normal">
                  <KeyRound className="text-muted-foreground mt-0.5 size-4" />
                  <span className="grid gap-0.5">
                    <span>Require two-factor</span>
                    <span className="text-muted-foreground text-xs">TOTP or a passkey</span>
                  </span>
                </Label>
                <Switch
                  id={`require-2fa-${g.id}`}
                  data-testid={`require-2fa-${g.name}`}
                  aria-label={`Require two-factor authentication for ${g.name}`}
                  checked={g.requireTwoFactor}
                  disabled={!canWrite || twoFactor.pending}
                  onCheckedChange={(required) =>
                    twoFactor.run(
                      { groupId: g.id, required },
                      {
                        success: required ? `${g.name} now requires two-factor authentication` : `${g.name} no longer requires two-factor authentication`,
                        toastError: true,
                        onSuccess: () => router.refresh(),
                      },
                    )
                  }
                />
              </div>
            </CardContent>
          </Card>
        ))}
      </div>
      {editing ? (
        <GroupDialog open onOpenChange={(o) => !o && setEditing(null)} areas={areas} group={editing === "new" ? undefined : editing} />
      ) : null}
      <ConfirmDelete
        target={deleting}
        onClose={() => setDeleting(null)}
        description="A group with members cannot be deleted; move them first."
        onConfirm={(g) => del.run({ groupId: g.id }, { success: "Group deleted", toastError: true, onSuccess: () => router.refresh() })}
      />
    </>
  );
}
