"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

import { cn } from "@/lib/utils";

import { BrandMark } from "./brand";
import { NAV_ICONS } from "./nav-icons";
import type { NavItem, NavSection } from "./types";

const SECTION_ORDER: readonly NavSection[] = ["Backups", "Administration", "Account"];

function matches(pathname: string, href: string) {
  if (href === "/") return pathname === "/";
  return pathname === href || pathname.startsWith(`${href}/`);
}

// Longest match wins so a nested item (e.g. /settings/keys) doesn't also light up its parent.
function activeHref(nav: NavItem[], pathname: string) {
  let best: string | undefined;
  for (const item of nav) {
    if (matches(pathname, item.href) && (!best || item.href.length > best.length)) {
      best = item.href;
    }
  }
  return best;
}

export function SidebarNav({ nav, onNavigate }: { nav: NavItem[]; onNavigate?: () => void }) {
  const pathname = usePathname();
  const current = activeHref(nav, pathname);

  return (
    <nav aria-label="Main" className="flex flex-col gap-5 px-3 py-4">
      {SECTION_ORDER.map((section) => {
        const items = nav.filter((item) => item.section === section);
        if (items.length === 0) return null;
        const headingId = `nav-section-${section.toLowerCase()}`;

        return (
          <div key={section} className="flex flex-col gap-1">
            <div
              id={headingId}
              className="px-3 pb-1 text-[0.6875rem] font-semibold tracking-wider text-muted-foreground/80 uppercase"
            >
              {section}
            </div>
            <ul aria-labelledby={headingId} className="flex flex-col gap-0.5">
              {items.map((item) => {
                const Icon = NAV_ICONS[item.icon];
                const active = item.href === current;
                return (
                  <li key={item.href}>
                    <Link
                      href={item.href}
                      aria-current={active ? "page" : undefined}
                      onClick={onNavigate}
                      className={cn(
                        "group flex h-9 items-center gap-3 rounded-md px-3 text-sm font-medium transition-colors outline-none focus-visible:ring-[3px] focus-visible:ring-sidebar-ring/50",
                        active
                          ? "bg-sidebar-accent text-sidebar-accent-foreground shadow-xs"
                          : "text-sidebar-foreground/70 hover:bg-sidebar-accent/60 hover:text-sidebar-accent-foreground",
                      )}
                    >
                      <Icon
                        aria-hidden
                        className={cn(
                          "size-4 shrink-0 transition-colors",
                          active
                            ? "text-sidebar-primary"
                            : "text-muted-foreground group-hover:text-sidebar-accent-foreground",
                        )}
                      />
                      <span className="truncate">{item.label}</span>
                    </Link>
                  </li>
                );
              })}
            </ul>
          </div>
        );
      })}
    </nav>
  );
}

export function SidebarContent({
  nav,
  instanceName,
  onNavigate,
}: {
  nav: NavItem[];
  instanceName: string;
  onNavigate?: () => void;
}) {
  const home = nav.find((item) => item.icon === "dashboard")?.href ?? "/";

  return (
    <div className="flex h-full min-h-0 flex-col">
      <div className="flex h-14 shrink-0 items-center border-b border-sidebar-border px-4">
        <Link
          href={home}
          onClick={onNavigate}
          className="flex min-w-0 items-center gap-3 rounded-md outline-none focus-visible:ring-[3px] focus-visible:ring-sidebar-ring/50"
        >
          <BrandMark />
          <span className="flex min-w-0 flex-col leading-tight">
            <span className="text-sm font-semibold tracking-tight">Bunker</span>
            <span className="truncate text-xs text-muted-foreground" title={instanceName}>
              {instanceName}
            </span>
          </span>
        </Link>
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto">
        <SidebarNav nav={nav} onNavigate={onNavigate} />
      </div>
    </div>
  );
}
