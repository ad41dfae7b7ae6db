"use client";
import { useOptimistic, useTransition } from "react";
import { toast } from "sonner";
import { Switch } from "@/components/ui/switch";
import { setJobEnabledAction } from "../actions";

/** Flips at once; the list refreshes from the server, or the switch springs back with the error. */
export function EnabledSwitch({ id, name, enabled }: { id: string; name: string; enabled: boolean }) {
  const [optimistic, setOptimistic] = useOptimistic(enabled);
  const [pending, startTransition] = useTransition();
  return (
    <Switch
      checked={optimistic}
      disabled={pending}
      aria-label={`Enable ${name}`}
      onCheckedChange={(checked) =>
        startTransition(async () => {
          setOptimistic(checked);
          const r = await setJobEnabledAction({ id, enabled: checked });
          if (r.ok) toast.success(checked ? `${name} enabled` : `${name} disabled: its schedule will not fire`);
          else toast.error(r.message);
        })
      }
    />
  );
}
