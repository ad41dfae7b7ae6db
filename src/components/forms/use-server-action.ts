"use client";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import type { ActionResult } from "@/server/http/action";

type Failure = Extract<ActionResult<unknown>, { ok: false }>;

/** Runs a server action in a transition and keeps its error (message and per-field errors) for the form. */
export function useServerAction<I, R>(action: (input: I) => Promise<ActionResult<R>>) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<Failure | null>(null);

  /** Forms show the error inline; row buttons with no form pass toastError. */
  const run = (input: I, opts?: { success?: string; onSuccess?: (data: R) => void; toastError?: boolean }) =>
    startTransition(async () => {
      setError(null);
      const result = await action(input);
      if (result.ok) {
        if (opts?.success) toast.success(opts.success);
        opts?.onSuccess?.(result.data);
      } else {
        setError(result);
        if (opts?.toastError) toast.error(result.message);
      }
    });

  return {
    run,
    pending,
    error,
    reset: () => setError(null),
    fieldError: (name: string): string | undefined => error?.fieldErrors?.[name]?.[0],
  };
}
