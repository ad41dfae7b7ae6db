"use client";
import { Download, ShieldAlert } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { FormField } from "@/components/forms/form-field";
import { useServerAction } from "@/components/forms/use-server-action";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { createProfileAction } from "../actions";
import { RecipientBox, recoveryKitUrl } from "./recipient-box";

type Created = { id: string; name: string; recipient: string };

/** Step one names the profile; step two shows its public key and asks for the recovery kit at once. */
export function CreateProfileDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (o: boolean) => void }) {
  const router = useRouter();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [created, setCreated] = useState<Created | null>(null);
  const [downloaded, setDownloaded] = useState(false);
  const create = useServerAction(createProfileAction);
  const close = (o: boolean) => {
    onOpenChange(o);
    if (!o && created) router.refresh();
  };

  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogContent className="sm:max-w-lg">
        {created ? (
          <>
            <DialogHeader>
              <DialogTitle>{created.name} is ready</DialogTitle>
              <DialogDescription>Bunker generated a new age key pair. Jobs that use this profile encrypt their backups to this public key.</DialogDescription>
            </DialogHeader>
            <div className="grid gap-4">
              <div className="grid gap-1.5">
                <div className="text-muted-foreground text-xs font-medium">Public key</div>
                <RecipientBox recipient={created.recipient} testId="created-recipient" />
              </div>
              <Alert variant="warning">
                <ShieldAlert />
                <AlertTitle>Download the recovery kit now</AlertTitle>
                <AlertDescription>
                  <p>
                    It holds the secret key and the commands to restore these backups with standard tools, without Bunker. If this server, its database or its
                    ENCRYPTION_KEY is lost, the kit is the only way to decrypt them.
                  </p>
                  <p>Keep it offline and apart from the backups: anyone who has it can read them.</p>
                </AlertDescription>
              </Alert>
            </div>
            <DialogFooter>
              <Button type="button" variant="outline" onClick={() => close(false)}>
                {downloaded ? "Done" : "Later"}
              </Button>
              <Button asChild>
                <a href={recoveryKitUrl(created.id)} download onClick={() => setDownloaded(true)}>
                  <Download /> Download recovery kit
                </a>
              </Button>
            </DialogFooter>
          </>
        ) : (
          <>
            <DialogHeader>
              <DialogTitle>New encryption profile</DialogTitle>
              <DialogDescription>Bunker generates an age X25519 key pair. The secret key is stored encrypted and leaves only in the recovery kit.</DialogDescription>
            </DialogHeader>
            <form
              className="grid gap-4"
              onSubmit={(e) => {
                e.preventDefault();
                create.run({ name, description }, { success: "Encryption profile created", onSuccess: (p) => setCreated(p) });
              }}
            >
              <FormAlert message={create.error && !create.error.fieldErrors ? create.error.message : null} />
              <FormField id="profile-name" label="Name" error={create.fieldError("name")} hint="For example: Production, or Offsite 2025.">
                <Input id="profile-name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" required />
              </FormField>
              <FormField id="profile-description" label="Description (optional)" error={create.fieldError("description")}>
                <Textarea id="profile-description" rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />
              </FormField>
              <DialogFooter>
                <Button type="button" variant="outline" onClick={() => close(false)}>
                  Cancel
                </Button>
                <Button type="submit" disabled={create.pending}>
                  {create.pending ? "Generating…" : "Create profile"}
                </Button>
              </DialogFooter>
            </form>
          </>
        )}
      </DialogContent>
    </Dialog>
  );
}
