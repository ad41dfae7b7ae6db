"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConfirmDelete } from "@/components/data-table/confirm-dialog";
import { useServerAction } from "@/components/forms/use-server-action";
import type { ActionResult } from "@/server/http/action";

type Deletable = { id: string; name: string; usedBy: string[] };

/**
 * Deleting a source, destination or notifier: `ask(row)` opens the confirmation that `dialog` renders.
 * The server refuses while a job uses it, so the dialog says so up front; otherwise `unusedNote` tells
 * what goes and what stays.
 */
export function useDeleteConfig(action: (i: { id: string }) => Promise<ActionResult<{ id: string }>>, unusedNote: string) {
  const router = useRouter();
  const [target, setTarget] = useState<Deletable | null>(null);
  const remove = useServerAction(action);
  const dialog = (
    <ConfirmDelete
      target={target}
      onClose={() => setTarget(null)}
      description={target?.usedBy.length ? `It is used by ${target.usedBy.join(", ")}: Bunker will refuse until no job uses it.` : unusedNote}
      onConfirm={(t) => remove.run({ id: t.id }, { success: `${t.name} deleted`, toastError: true, onSuccess: () => router.refresh() })}
    />
  );
  return { ask: setTarget, dialog };
}
