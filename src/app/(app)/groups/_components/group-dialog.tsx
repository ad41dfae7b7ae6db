"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { FormField } from "@/components/forms/form-field";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import type { GroupDto } from "@/server/services/groups/group-dto";
import { createGroupAction, updateGroupAction } from "../actions";
import type { PermissionArea } from "./groups-view";

type Props = { open: boolean; onOpenChange: (o: boolean) => void; areas: PermissionArea[]; group?: GroupDto };

export function GroupDialog({ open, onOpenChange, areas, group }: Props) {
  const router = useRouter();
  const [name, setName] = useState(group?.name ?? "");
  const [description, setDescription] = useState(group?.description ?? "");
  const [perms, setPerms] = useState<Set<string>>(new Set(group?.permissions ?? []));
  const create = useServerAction(createGroupAction);
  const update = useServerAction(updateGroupAction);
  const action = group ? update : create;
  const toggle = (id: string, on: boolean) => setPerms((prev) => {
    const next = new Set(prev);
    if (on) next.add(id);
    else next.delete(id);
    return next;
  });
  const done = () => {
    onOpenChange(false);
    router.refresh();
  };

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-h-[90vh] overflow-y-auto sm:max-w-2xl">
        <DialogHeader>
          <DialogTitle>{group ? `Edit ${group.name}` : "New group"}</DialogTitle>
          <DialogDescription>Pick what members of this group may see and do. Changes apply on their next request.</DialogDescription>
        </DialogHeader>
        <form
          className="grid gap-5"
          onSubmit={(e) => {
            e.preventDefault();
            const data = { name, description, permissions: [...perms] };
            if (group) update.run({ ...data, groupId: group.id }, { success: "Group saved", onSuccess: done });
            else create.run(data, { success: "Group created", onSuccess: done });
          }}
        >
          <FormAlert message={action.error && !action.error.fieldErrors ? action.error.message : null} />
          <div className="grid gap-4 sm:grid-cols-2">
            <FormField id="group-name" label="Name" error={action.fieldError("name")}>
              <Input id="group-name" value={name} onChange={(e) => setName(e.target.value)} disabled={group?.isSystem} required />
            </FormField>
            <FormField id="group-description" label="Description" error={action.fieldError("description")}>
              <Textarea id="group-description" rows={1} value={description} onChange={(e) => setDescription(e.target.value)} />
            </FormField>
          </div>
          <fieldset className="grid gap-4">
            <legend className="mb-2 text-sm font-medium">Permissions</legend>
            <div className="grid gap-4 sm:grid-cols-2">
              {areas.map((a) => (
                <div key={a.area} className="rounded-lg border p-3">
                  <div className="text-muted-foreground mb-2 text-xs font-semibold tracking-wide uppercase">{a.area}</div>
                  <div className="grid gap-2">
                    {a.permissions.map((p) => (
                      <div key={p.id} className="flex items-start gap-2">
                        <Checkbox id={`perm-${p.id}`} checked={perms.has(p.id)} onCheckedChange={(v) => toggle(p.id, v === true)} />
                        <Label htmlFor={`perm-${p.id}`} className="grid gap-0.5 font-normal">
                          <span>{p.label}</span>
                          <code className="text-muted-foreground text-[11px]">{p.id}</code>
                        </Label>
                      </div>
                    ))}
                  </div>
                </div>
              ))}
            </div>
          </fieldset>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>Cancel</Button>
            <Button type="submit" disabled={action.pending}>{action.pending ? "Saving…" : group ? "Save group" : "Create group"}</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
