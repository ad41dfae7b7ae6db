"use client";
import { Fingerprint, KeyRound, LockKeyhole, ShieldCheck } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConfirmDialog } from "@/components/data-table/confirm-dialog";
import { DataTableCard } from "@/components/data-table/data-table-card";
import { RowActionsMenu } from "@/components/data-table/row-actions-menu";
import { useServerAction } from "@/components/forms/use-server-action";
import { Avatar, AvatarFallback } from "@/components/ui/avatar";
import { Badge } from "@/components/ui/badge";
import { DropdownMenuItem } from "@/components/ui/dropdown-menu";
import { TableCell, TableHead, TableRow } from "@/components/ui/table";
import { formatDateTime, formatRelative } from "@/lib/format";
import { setUserDisabledAction, unlockUserAction } from "../actions";
import { type GroupOption, UserDialog } from "./user-dialog";

export type UserRow = {
  id: string;
  name: string;
  email: string;
  groupId: string | null;
  groupName: string;
  disabled: boolean;
  /** TOTP is on */
  totp: boolean;
  passkeys: number;
  /** Set while a temporary sign-in lock is in force */
  lockedUntil: string | null;
  createdAt: string;
  lastLoginAt: string | null;
  isSelf: boolean;
};

const initials = (name: string) => name.split(/\s+/).map((p) => p[0]).join("").slice(0, 2).toUpperCase();

export function UsersTable({ rows, groups, canWrite }: { rows: UserRow[]; groups: GroupOption[]; canWrite: boolean }) {
  const router = useRouter();
  const [editing, setEditing] = useState<UserRow | null>(null);
  const [toggling, setToggling] = useState<UserRow | null>(null);
  const toggle = useServerAction(setUserDisabledAction);
  const unlock = useServerAction(unlockUserAction);

  return (
    <>
      <DataTableCard
        withActions={canWrite}
        columns={
          <>
            <TableHead className="pl-4">User</TableHead>
            <TableHead>Group</TableHead>
            <TableHead>Status</TableHead>
            <TableHead>Second factor</TableHead>
            <TableHead>Last sign-in</TableHead>
            <TableHead>Created</TableHead>
          </>
        }
      >
        {rows.map((u) => (
          <TableRow key={u.id} data-testid={`user-row-${u.email}`}>
            <TableCell className="pl-4">
              <div className="flex items-center gap-3">
                <Avatar className="size-8">
                  <AvatarFallback className="text-xs">{initials(u.name)}</AvatarFallback>
                </Avatar>
                <div className="min-w-0">
                  <div className="font-medium">
                    {u.name} {u.isSelf ? <span className="text-muted-foreground text-xs">(you)</span> : null}
                  </div>
                  <div className="text-muted-foreground truncate text-xs">{u.email}</div>
                </div>
              </div>
            </TableCell>
            <TableCell>
              <Badge variant="outline" className="gap-1">
                {u.groupName === "SuperAdmin" ? <ShieldCheck className="size-3" /> : null}
                {u.groupName}
              </Badge>
            </TableCell>
            <TableCell>
              <div className="flex flex-wrap gap-1">
                {u.disabled ? <Badge variant="destructive">Disabled</Badge> : null}
                {u.lockedUntil ? (
                  <Badge variant="warning" className="gap-1" title={`Too many wrong passwords. Locked until ${formatDateTime(u.lockedUntil)}`}>
                    <LockKeyhole className="size-3" />Locked
                  </Badge>
                ) : null}
                {!u.disabled && !u.lockedUntil ? <Badge variant="success">Active</Badge> : null}
              </div>
            </TableCell>
            <TableCell data-testid="second-factor">
              <div className="flex flex-wrap gap-1">
                {u.totp ? <Badge variant="outline" className="gap-1"><KeyRound className="size-3" />TOTP</Badge> : null}
                {u.passkeys > 0 ? (
                  <Badge variant="outline" className="gap-1"><Fingerprint className="size-3" />{u.passkeys === 1 ? "Passkey" : `${u.passkeys} passkeys`}</Badge>
                ) : null}
                {!u.totp && u.passkeys === 0 ? <span className="text-muted-foreground text-sm">None</span> : null}
              </div>
            </TableCell>
            <TableCell className="text-muted-foreground">{u.lastLoginAt ? formatRelative(u.lastLoginAt) : "Never"}</TableCell>
            <TableCell className="text-muted-foreground">{formatDateTime(u.createdAt)}</TableCell>
            {canWrite ? (
              <TableCell>
                <RowActionsMenu name={u.email}>
                  <DropdownMenuItem onSelect={() => setEditing(u)}>Edit</DropdownMenuItem>
                  {u.lockedUntil ? (
                    <DropdownMenuItem
                      onSelect={() => unlock.run({ userId: u.id }, { success: `${u.name} can sign in again`, toastError: true, onSuccess: () => router.refresh() })}
                    >
                      Unlock
                    </DropdownMenuItem>
                  ) : null}
                  {!u.isSelf ? (
                    <DropdownMenuItem variant={u.disabled ? "default" : "destructive"} onSelect={() => setToggling(u)}>
                      {u.disabled ? "Enable" : "Disable"}
                    </DropdownMenuItem>
                  ) : null}
                </RowActionsMenu>
              </TableCell>
            ) : null}
          </TableRow>
        ))}
      </DataTableCard>
      {editing ? (
        <UserDialog open onOpenChange={(o) => !o && setEditing(null)} groups={groups} user={editing} />
      ) : null}
      <ConfirmDialog
        target={toggling}
        onClose={() => setToggling(null)}
        title={toggling?.disabled ? `Enable ${toggling?.name}?` : `Disable ${toggling?.name}?`}
        description={
          toggling?.disabled
            ? "They will be able to sign in again."
            : "They are signed out everywhere at once and cannot sign in until enabled again. Nothing they created is deleted."
        }
        confirmLabel={toggling?.disabled ? "Enable" : "Disable"}
        onConfirm={(t) =>
          toggle.run({ userId: t.id, disabled: !t.disabled }, { success: t.disabled ? "User enabled" : "User disabled", toastError: true, onSuccess: () => router.refresh() })
        }
      />
    </>
  );
}
