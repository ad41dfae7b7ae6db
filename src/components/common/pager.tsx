import { ChevronLeftIcon, ChevronRightIcon } from "lucide-react";
import Link from "next/link";
import type * as React from "react";
import { Button } from "@/components/ui/button";

/** Where a pager button leads; `href` null is a disabled button (no page that way). */
export type PagerTarget = { href: string | null; label: string; testId: string };

function PageLink({ target, rel, children }: { target: PagerTarget; rel: string; children: React.ReactNode }) {
  if (!target.href) {
    return (
      <Button variant="outline" size="sm" disabled data-testid={target.testId}>
        {children}
      </Button>
    );
  }
  return (
    <Button variant="outline" size="sm" asChild>
      <Link href={target.href} rel={rel} data-testid={target.testId}>{children}</Link>
    </Button>
  );
}

/** Below a list: what is shown (`summary`) and the buttons to the previous and next page. */
export function Pager({ summary, prev, next }: { summary: React.ReactNode; prev: PagerTarget; next: PagerTarget }) {
  return (
    <nav className="text-muted-foreground flex items-center justify-between gap-4 text-sm" aria-label="Pages">
      {summary}
      <div className="flex gap-2">
        <PageLink target={prev} rel="prev">
          <ChevronLeftIcon /> {prev.label}
        </PageLink>
        <PageLink target={next} rel="next">
          {next.label} <ChevronRightIcon />
        </PageLink>
      </div>
    </nav>
  );
}
