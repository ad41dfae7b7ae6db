"use client";
import { Loader2, Play } from "lucide-react";
import { useRouter } from "next/navigation";
import { useServerAction } from "@/components/forms/use-server-action";
import { Button } from "@/components/ui/button";
import { runJobNowAction } from "../actions";

/** Starts a backup of the job and opens its live view. */
export function RunNowButton({ jobId, variant = "default" }: { jobId: string; variant?: "default" | "outline" }) {
  const router = useRouter();
  const run = useServerAction(runJobNowAction);
  return (
    <Button
      type="button"
      variant={variant}
      disabled={run.pending}
      onClick={() => run.run({ id: jobId }, { toastError: true, onSuccess: ({ executionId }) => router.push(`/history/${executionId}`) })}
    >
      {run.pending ? <Loader2 className="animate-spin" /> : <Play />} Run now
    </Button>
  );
}
