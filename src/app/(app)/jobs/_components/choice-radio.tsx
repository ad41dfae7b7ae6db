import type { ReactNode } from "react";
import { cn } from "@/lib/utils";

/**
 * A native radio as a selectable card: arrow keys move within the group, and the accessible name is
 * the title alone (the description is attached with aria-describedby). The label's ::after covers the
 * card, so a click anywhere on it picks the option.
 */
export function ChoiceRadio(props: {
  id: string;
  name: string;
  checked: boolean;
  onSelect: () => void;
  title: string;
  description?: ReactNode;
  className?: string;
}) {
  return (
    <div
      className={cn(
        "relative flex items-start gap-3 rounded-lg border p-3 transition-colors",
        "has-[:checked]:border-primary has-[:checked]:bg-primary/5 has-[:focus-visible]:ring-ring/50 has-[:focus-visible]:ring-[3px] hover:bg-accent/40",
        props.className,
      )}
    >
      <input
        id={props.id}
        type="radio"
        name={props.name}
        checked={props.checked}
        onChange={(e) => e.target.checked && props.onSelect()}
        aria-describedby={props.description ? `${props.id}-desc` : undefined}
        className="accent-primary relative z-10 mt-0.5 size-4 shrink-0 outline-none"
      />
      <div className="grid gap-0.5">
        <label htmlFor={props.id} className="cursor-pointer text-sm leading-none font-medium after:absolute after:inset-0">
          {props.title}
        </label>
        {props.description ? (
          <p id={`${props.id}-desc`} className="text-muted-foreground text-xs">
            {props.description}
          </p>
        ) : null}
      </div>
    </div>
  );
}
