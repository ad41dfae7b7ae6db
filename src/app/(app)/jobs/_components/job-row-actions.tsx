"use client";
import { Copy, MoreHorizontal, Pause, Pencil, Play, Trash2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useServerAction } from "@/components/forms/use-server-action";
import {
  AlertDialog, AlertDialogAction, AlertDialogCancel, AlertDialogContent, AlertDialogDescription, AlertDialogFooter, AlertDialogHeader, AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { cloneJobAction, deleteJobAction, runJobNowAction, setJobEnabledAction } from "../actions";

type RowJob = { id: string; name: string; enabled: boolean; running: boolean };

export function JobRowActions({ job, canWrite, canExecute }: { job: RowJob; canWrite: boolean; canExecute: boolean }) {
  const router = useRouter();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const run = useServerAction(runJobNowAction);
  const clone = useServerAction(cloneJobAction);
  const toggle = useServerAction(setJobEnabledAction);
  const remove = useServerAction(deleteJobAction);
  const refresh = () => router.refresh();

  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="ghost" size="icon" aria-label={`Actions for ${job.name}`} disabled={run.pending}>
            <MoreHorizontal />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end" className="min-w-40">
          {canExecute ? (
            <DropdownMenuItem
              disabled={job.running}
              onSelect={() => run.run({ id: job.id }, { toastError: true, onSuccess: ({ executionId }) => router.push(`/history/${executionId}`) })}
            >
              <Play /> Run now
            </DropdownMenuItem>
          ) : null}
          {canWrite ? (
            <>
              <DropdownMenuItem asChild>
                <Link href={`/jobs/${job.id}`}>
                  <Pencil /> Edit
                </Link>
              </DropdownMenuItem>
              <DropdownMenuItem
                onSelect={() => clone.run({ id: job.id }, { toastError: true, success: `${job.name} cloned. The copy is disabled until you enable it.`, onSuccess: refresh })}
              >
                <Copy /> Clone
              </DropdownMenuItem>
              <DropdownMenuItem
                onSelect={() =>
                  toggle.run(
                    { id: job.id, enabled: !job.enabled },
                    { toastError: true, success: job.enabled ? `${job.name} disabled` : `${job.name} enabled`, onSuccess: refresh },
                  )
                }
              >
                {job.enabled ? <Pause /> : <Play />} {job.enabled ? "Disable" : "Enable"}
              </DropdownMenuItem>
              <DropdownMenuSeparator />
              <DropdownMenuItem variant="destructive" onSelect={() => setConfirmDelete(true)}>
                <Trash2 /> Delete
              </DropdownMenuItem>
            </>
          ) : null}
        </DropdownMenuContent>
      </DropdownMenu>

      <AlertDialog open={confirmDelete} onOpenChange={setConfirmDelete}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>Delete {job.name}?</AlertDialogTitle>
            <AlertDialogDescription>
              {job.running
                ? "A run of this job is in progress: Bunker will refuse until it ends or is cancelled."
                : "The job and its schedule are removed. The backups it made stay on their destinations and can still be restored; its run history is kept."}
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>Cancel</AlertDialogCancel>
            <AlertDialogAction
              className="bg-destructive hover:bg-destructive/90 text-white"
              onClick={() => remove.run({ id: job.id }, { toastError: true, success: `${job.name} deleted`, onSuccess: refresh })}
            >
              Delete job
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </>
  );
}
