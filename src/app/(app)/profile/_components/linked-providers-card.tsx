import { Link2 } from "lucide-react";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { formatDateTime } from "@/lib/format";
import type { LinkedProviderDto } from "@/server/services/profile/security-overview";

export function LinkedProvidersCard({ providers }: { providers: LinkedProviderDto[] }) {
  return (
    <Card id="linked-providers">
      <CardHeader>
        <CardTitle className="flex items-center gap-2"><Link2 className="size-4" /> Single sign-on</CardTitle>
        <CardDescription>Identity providers linked to this account.</CardDescription>
      </CardHeader>
      <CardContent className="text-sm">
        {providers.length ? (
          <ul className="grid gap-1">{providers.map((p) => <li key={p.providerId}><span className="font-medium">{p.name}</span> <span className="text-muted-foreground">· linked {formatDateTime(p.linkedAt)}</span></li>)}</ul>
        ) : (
          <p className="text-muted-foreground">None linked. Signing in once through a provider marked trusted links it.</p>
        )}
      </CardContent>
    </Card>
  );
}
