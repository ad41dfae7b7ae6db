"use client";
import { DownloadIcon, LockIcon, LockOpenIcon, MoreHorizontal, RotateCcwIcon, ShieldCheckIcon, Trash2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { FormAlert } from "@/components/forms/form-alert";
import { useServerAction } from "@/components/forms/use-server-action";
import {
  AlertDialog, AlertDialogCancel, AlertDialogContent, AlertDialogDescription, AlertDialogFooter, AlertDialogHeader, AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { deleteBackupAction, setBackupLockedAction, verifyBackupAction } from "../actions";

type RowBackup = { id: string; key: string; locked: boolean; encrypted: boolean; compressed: boolean };
export type BackupPermissions = { download: boolean; delete: boolean; restore: boolean };

/** The row's menu: Verify, Download (as stored / plain), Restore, Lock or Unlock, Delete (asks first). */
export function BackupRowActions({ backup, can }: { backup: RowBackup; can: BackupPermissions }) {
  const router = useRouter();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const verify = useServerAction(verifyBackupAction);
  const lock = useServerAction(setBackupLockedAction);
  const del = useServerAction(deleteBackupAction);
  const name = backup.key.slice(backup.key.lastIndexOf("/") + 1);
  const href = (format: "raw" | "plain") => `/api/v1/backups/${encodeURIComponent(backup.id)}/download?format=${format}`;
  const busy = verify.pending || lock.pending;

  const runVerify = () =>
    verify.run(
      { backupId: backup.id },
      {
        toastError: true,
        onSuccess: (r) => {
          if (r.status === "ok") {
            const checked = `sha256, size${backup.encrypted ? ", decryption" : ""}${backup.compressed ? " and decompression" : ""}`;
            toast.success(r.mode === "raw" ? `Verified ${name}: sha256 and size only (${r.note})` : `Verified ${name}: ${checked} are fine`);
          } else toast.error(`Verification failed: ${r.error}`);
          router.refresh();
        },
      },
    );

  if (!can.download && !can.delete && !can.restore) return null;
  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="ghost" size="icon" aria-label={`Actions for ${name}`} disabled={busy} data-testid="backup-actions">
            <MoreHorizontal className={busy ? "animate-pulse" : undefined} />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end" className="min-w-56">
          {can.download ? (
            <>
              <DropdownMenuItem onSelect={runVerify}>
                <ShieldCheckIcon /> Verify
              </DropdownMenuItem>
              <DropdownMenuSeparator />
              <DropdownMenuLabel className="text-muted-foreground text-xs font-normal">Download</DropdownMenuLabel>
              <DropdownMenuItem asChild>
                <a href={href("raw")} download>
                  <DownloadIcon /> As stored{backup.encrypted ? " (encrypted)" : backup.compressed ? " (compressed)" : ""}
                </a>
              </DropdownMenuItem>
              {backup.encrypted || backup.compressed ? (
                <DropdownMenuItem asChild>
                  <a href={href("plain")} download>
                    <DownloadIcon /> Plain dump ({backup.encrypted ? "decrypted, " : ""}decompressed)
                  </a>
                </DropdownMenuItem>
              ) : null}
            </>
          ) : null}
          {can.restore ? (
            <>
              <DropdownMenuSeparator />
              <DropdownMenuItem asChild>
                <Link href={`/storage/${encodeURIComponent(backup.id)}/restore`}>
                  <RotateCcwIcon /> Restore…
                </Link>
              </DropdownMenuItem>
            </>
          ) : null}
          {can.delete ? (
            <>
              <DropdownMenuSeparator />
              <DropdownMenuItem
                onSelect={() =>
                  lock.run(
                    { backupId: backup.id, locked: !backup.locked },
                    { toastError: true, success: backup.locked ? "Unlocked: retention may delete it again" : "Locked: retention and delete leave it alone", onSuccess: () => router.refresh() },
                  )
                }
              >
                {backup.locked ? <LockOpenIcon /> : <LockIcon />} {backup.locked ? "Unlock" : "Lock"}
              </DropdownMenuItem>
              <DropdownMenuItem variant="destructive" onSelect={() => setConfirmDelete(true)}>
                <Trash2 /> Delete…
              </DropdownMenuItem>
            </>
          ) : null}
        </DropdownMenuContent>
      </DropdownMenu>

      <AlertDialog
        open={confirmDelete}
        onOpenChange={(o) => {
          setConfirmDelete(o);
          if (!o) del.reset();
        }}
      >
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>Delete this backup?</AlertDialogTitle>
            <AlertDialogDescription asChild>
              <div className="grid gap-2">
                <p className="font-mono text-xs break-all">{backup.key}</p>
                <p>
                  {backup.locked
                    ? "It is locked: Bunker will refuse until you unlock it."
                    : "Its file and manifest are removed from the destination for good. It can no longer be restored."}
                </p>
              </div>
            </AlertDialogDescription>
          </AlertDialogHeader>
          <FormAlert message={del.error?.message} />
          <AlertDialogFooter>
            <AlertDialogCancel>Cancel</AlertDialogCancel>
            <Button
              variant="destructive"
              disabled={del.pending}
              onClick={() =>
                del.run(
                  { backupId: backup.id },
                  {
                    success: `${name} deleted`,
                    onSuccess: () => {
                      setConfirmDelete(false);
                      router.refresh();
                    },
                  },
                )
              }
            >
              {del.pending ? "Deleting…" : "Delete backup"}
            </Button>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </>
  );
}
