import { DatabaseBackupIcon } from "lucide-react";

import { cn } from "@/lib/utils";

export function BrandMark({ className }: { className?: string }) {
  return (
    <span
      aria-hidden
      className={cn(
        "flex size-8 shrink-0 items-center justify-center rounded-lg bg-primary text-primary-foreground shadow-sm ring-1 ring-primary/20 ring-inset",
        className,
      )}
    >
      <DatabaseBackupIcon className="size-[1.1rem]" strokeWidth={2.25} />
    </span>
  );
}
