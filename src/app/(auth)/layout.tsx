import type { ReactNode } from "react";
import { ShieldCheck } from "lucide-react";
import { ThemeToggle } from "@/components/theme/theme-toggle";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <div className="bg-muted/40 relative flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <div className="absolute top-4 right-4">
        <ThemeToggle />
      </div>
      <div className="mb-8 flex items-center gap-3">
        <div className="bg-primary text-primary-foreground flex size-10 items-center justify-center rounded-xl shadow-sm">
          <ShieldCheck className="size-5" />
        </div>
        <div>
          <div className="text-xl font-semibold tracking-tight">Bunker</div>
          <div className="text-muted-foreground text-xs">Database backups you can restore</div>
        </div>
      </div>
      <div className="w-full max-w-md">{children}</div>
    </div>
  );
}
