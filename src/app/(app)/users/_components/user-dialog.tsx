"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { FormField } from "@/components/forms/form-field";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { createUserAction, updateUserAction } from "../actions";

export type GroupOption = { id: string; name: string };
export type EditableUser = { id: string; name: string; email: string; groupId: string | null };

type Props = { open: boolean; onOpenChange: (open: boolean) => void; groups: GroupOption[]; user?: EditableUser };

export function UserDialog({ open, onOpenChange, groups, user }: Props) {
  const router = useRouter();
  const isEdit = !!user;
  const defaultGroup = groups.find((g) => g.name === "Viewer")?.id ?? groups[0]?.id ?? "";
  const [form, setForm] = useState({ name: user?.name ?? "", email: user?.email ?? "", groupId: user?.groupId ?? defaultGroup, password: "" });
  const create = useServerAction(createUserAction);
  const update = useServerAction(updateUserAction);
  const action = isEdit ? update : create;
  const set = (k: "name" | "email" | "password") => (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [k]: e.target.value });
  const done = () => {
    onOpenChange(false);
    router.refresh();
  };

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="sm:max-w-md">
        <DialogHeader>
          <DialogTitle>{isEdit ? `Edit ${user.name}` : "New user"}</DialogTitle>
          <DialogDescription>
            {isEdit ? "Change the name, email or group, or set a new password (this signs the user out everywhere)." : "The user signs in with this email and password."}
          </DialogDescription>
        </DialogHeader>
        <form
          className="grid gap-4"
          onSubmit={(e) => {
            e.preventDefault();
            if (isEdit) {
              update.run({ userId: user.id, name: form.name, email: form.email, groupId: form.groupId, newPassword: form.password }, { success: "User updated", onSuccess: done });
            } else {
              create.run(form, { success: "User created", onSuccess: done });
            }
          }}
        >
          <FormAlert message={action.error && !action.error.fieldErrors ? action.error.message : null} />
          <FormField id="user-name" label="Name" error={action.fieldError("name")}>
            <Input id="user-name" value={form.name} onChange={set("name")} required />
          </FormField>
          <FormField id="user-email" label="Email" error={action.fieldError("email")}>
            <Input id="user-email" type="email" autoComplete="off" value={form.email} onChange={set("email")} required />
          </FormField>
          <FormField id="user-group" label="Group" error={action.fieldError("groupId")}>
            <Select value={form.groupId} onValueChange={(groupId) => setForm({ ...form, groupId })}>
              <SelectTrigger id="user-group" className="w-full" aria-label="Group">
                <SelectValue placeholder="Pick a group" />
              </SelectTrigger>
              <SelectContent>
                {groups.map((g) => (
                  <SelectItem key={g.id} value={g.id}>
                    {g.name}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </FormField>
          <FormField
            id="user-password"
            label={isEdit ? "New password (optional)" : "Password"}
            error={action.fieldError(isEdit ? "newPassword" : "password")}
            hint="At least 10 characters."
          >
            <Input id="user-password" type="password" autoComplete="new-password" value={form.password} onChange={set("password")} required={!isEdit} />
          </FormField>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={action.pending}>
              {action.pending ? "Saving…" : isEdit ? "Save changes" : "Create user"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
