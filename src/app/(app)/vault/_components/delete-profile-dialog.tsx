"use client";
import { useRouter } from "next/navigation";
import { FormAlert } from "@/components/forms/form-alert";
import { useServerAction } from "@/components/forms/use-server-action";
import {
  AlertDialog, AlertDialogCancel, AlertDialogContent, AlertDialogDescription, AlertDialogFooter, AlertDialogHeader, AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { deleteProfileAction } from "../actions";
import { plural, type ProfileRow } from "./types";

const names = (xs: string[]) => (xs.length <= 1 ? (xs[0] ?? "") : `${xs.slice(0, -1).join(", ")} and ${xs.at(-1)}`);

/** Explains up front why a profile in use cannot go; otherwise asks once, and keeps a server refusal visible. */
export function DeleteProfileDialog({ profile, onOpenChange }: { profile: ProfileRow; onOpenChange: (o: boolean) => void }) {
  const router = useRouter();
  const del = useServerAction(deleteProfileAction);
  const inUse = profile.jobCount > 0 || profile.backupCount > 0;

  return (
    <AlertDialog open onOpenChange={onOpenChange}>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>{inUse ? `${profile.name} is still in use` : `Delete ${profile.name}?`}</AlertDialogTitle>
          <AlertDialogDescription asChild>
            <div className="grid gap-2">
              {inUse ? (
                <>
                  {profile.jobCount > 0 ? (
                    <p data-testid="delete-blocked-jobs">
                      It is used by {profile.jobCount === 1 ? "the job" : "the jobs"} <strong className="text-foreground">{names(profile.jobNames.map((j) => `“${j}”`))}</strong>. Pick another
                      encryption profile for {profile.jobCount === 1 ? "it" : "them"}, or delete {profile.jobCount === 1 ? "it" : "them"}, first.
                    </p>
                  ) : null}
                  {profile.backupCount > 0 ? (
                    <p data-testid="delete-blocked-backups">
                      {plural(profile.backupCount, "backup")} Bunker keeps {profile.backupCount === 1 ? "was" : "were"} encrypted with it. Without this key{" "}
                      {profile.backupCount === 1 ? "it" : "they"} could never be decrypted again, so delete {profile.backupCount === 1 ? "that backup" : "those backups"} first.
                    </p>
                  ) : null}
                </>
              ) : (
                <>
                  <p>The secret key is removed from Bunker for good. No job or known backup uses it.</p>
                  <p>
                    Any other file encrypted to <code className="text-foreground font-mono text-xs break-all">{profile.recipient}</code> can then be decrypted only with a
                    recovery kit downloaded earlier.
                  </p>
                </>
              )}
            </div>
          </AlertDialogDescription>
        </AlertDialogHeader>
        <FormAlert message={del.error?.message} />
        <AlertDialogFooter>
          <AlertDialogCancel>{inUse ? "Close" : "Cancel"}</AlertDialogCancel>
          {inUse ? null : (
            <Button
              variant="destructive"
              disabled={del.pending}
              onClick={() =>
                del.run(
                  { profileId: profile.id },
                  {
                    success: `${profile.name} deleted`,
                    onSuccess: () => {
                      onOpenChange(false);
                      router.refresh();
                    },
                  },
                )
              }
            >
              {del.pending ? "Deleting…" : "Delete profile"}
            </Button>
          )}
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
