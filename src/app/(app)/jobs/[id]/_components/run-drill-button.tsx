"use client";
import { FlaskConical, Loader2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { runDrillNowAction } from "../actions";

/** Queues a drill of the job and opens its live view. */
export function RunDrillButton({ jobId, disabled }: { jobId: string; disabled?: boolean }) {
  const router = useRouter();
  const run = useServerAction(runDrillNowAction);
  return (
    <Button
      type="button"
      variant="outline"
      size="sm"
      disabled={disabled || run.pending}
      onClick={() => run.run({ id: jobId }, { toastError: true, onSuccess: ({ executionId }) => router.push(`/history/${executionId}`) })}
    >
      {run.pending ? <Loader2 className="animate-spin" /> : <FlaskConical />} Run drill now
    </Button>
  );
}
