"use client";
import { FileUp } from "lucide-react";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { toast } from "sonner";
import { FormAlert } from "@/components/forms/form-alert";
import { FormField } from "@/components/forms/form-field";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { importProfileAction } from "../actions";

const PLACEHOLDER = "# created: 2025-01-31T12:00:00Z\n# public key: age1…\nAGE-SECRET-KEY-1…";

/** Imports an existing age key: paste it, or load the file age-keygen wrote. */
export function ImportProfileDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (o: boolean) => void }) {
  const router = useRouter();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [identity, setIdentity] = useState("");
  const file = useRef<HTMLInputElement>(null);
  const imp = useServerAction(importProfileAction);

  const load = async (f: File | undefined) => {
    if (!f) return;
    if (f.size > 10_000) {
      toast.error(`${f.name} is too large to be an age key file.`);
      return;
    }
    setIdentity(await f.text());
    if (!name) setName(f.name.replace(/\.(key|txt|age)$/i, "").replace(/^bunker-/, ""));
  };

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="sm:max-w-lg">
        <DialogHeader>
          <DialogTitle>Import a key</DialogTitle>
          <DialogDescription>Use an age key you already have, such as one from a recovery kit or made with age-keygen. It is stored encrypted.</DialogDescription>
        </DialogHeader>
        <form
          className="grid gap-4"
          onSubmit={(e) => {
            e.preventDefault();
            imp.run(
              { name, description, identity },
              {
                success: "Key imported",
                onSuccess: () => {
                  onOpenChange(false);
                  router.refresh();
                },
              },
            );
          }}
        >
          <FormAlert message={imp.error && !imp.error.fieldErrors ? imp.error.message : null} />
          <FormField id="import-name" label="Name" error={imp.fieldError("name")}>
            <Input id="import-name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" required />
          </FormField>
          <FormField id="import-description" label="Description (optional)" error={imp.fieldError("description")}>
            <Input id="import-description" value={description} onChange={(e) => setDescription(e.target.value)} autoComplete="off" />
          </FormField>
          <FormField
            id="import-identity"
            label="Secret key"
            error={imp.fieldError("identity")}
            hint="The AGE-SECRET-KEY-1… line, or the whole file age-keygen wrote (comment lines are fine). A public key (age1…) is not enough."
          >
            <Textarea
              id="import-identity"
              rows={4}
              className="font-mono text-xs"
              placeholder={PLACEHOLDER}
              value={identity}
              onChange={(e) => setIdentity(e.target.value)}
              autoComplete="off"
              autoCorrect="off"
              autoCapitalize="off"
              spellCheck={false}
              aria-invalid={!!imp.fieldError("identity")}
              required
            />
          </FormField>
          <input ref={file} type="file" accept=".key,.txt,text/plain" className="hidden" onChange={(e) => void load(e.target.files?.[0])} />
          <DialogFooter className="sm:justify-between">
            <Button type="button" variant="ghost" onClick={() => file.current?.click()}>
              <FileUp /> Load from a file
            </Button>
            <div className="flex flex-col-reverse gap-2 sm:flex-row">
              <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={imp.pending}>
                {imp.pending ? "Importing…" : "Import key"}
              </Button>
            </div>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
