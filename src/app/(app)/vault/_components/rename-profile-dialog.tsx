"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { FormField } from "@/components/forms/form-field";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { renameProfileAction } from "../actions";
import type { ProfileRow } from "./types";

export function RenameProfileDialog({ profile, onOpenChange }: { profile: ProfileRow; onOpenChange: (o: boolean) => void }) {
  const router = useRouter();
  const [name, setName] = useState(profile.name);
  const [description, setDescription] = useState(profile.description ?? "");
  const rename = useServerAction(renameProfileAction);

  return (
    <Dialog open onOpenChange={onOpenChange}>
      <DialogContent className="sm:max-w-md">
        <DialogHeader>
          <DialogTitle>Rename {profile.name}</DialogTitle>
          <DialogDescription>Only the name and description change. The key, and every backup encrypted with it, stay as they are.</DialogDescription>
        </DialogHeader>
        <form
          className="grid gap-4"
          onSubmit={(e) => {
            e.preventDefault();
            rename.run(
              { profileId: profile.id, name, description },
              {
                success: "Profile saved",
                onSuccess: () => {
                  onOpenChange(false);
                  router.refresh();
                },
              },
            );
          }}
        >
          <FormAlert message={rename.error && !rename.error.fieldErrors ? rename.error.message : null} />
          <FormField id="rename-name" label="Name" error={rename.fieldError("name")}>
            <Input id="rename-name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" required />
          </FormField>
          <FormField id="rename-description" label="Description (optional)" error={rename.fieldError("description")}>
            <Textarea id="rename-description" rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />
          </FormField>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={rename.pending}>
              {rename.pending ? "Saving…" : "Save"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
