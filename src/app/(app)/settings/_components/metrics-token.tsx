"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useServerAction } from "@/components/forms/use-server-action";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { formatRelative } from "@/lib/format";
import { revokeMetricsTokenAction, rotateMetricsTokenAction } from "../actions";

/** The /metrics bearer token: generated here and shown once; only its hash is kept. */
export function MetricsToken({ configured, updatedAt, open, canWrite }: { configured: boolean; updatedAt: string | null; open: boolean; canWrite: boolean }) {
  const router = useRouter();
  const [token, setToken] = useState<string | null>(null);
  const rotate = useServerAction(rotateMetricsTokenAction);
  const revoke = useServerAction(revokeMetricsTokenAction);
  return (
    <Card data-testid="metrics-settings">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          Prometheus metrics
          {open ? <Badge variant="warning">Open (METRICS_OPEN)</Badge> : configured ? <Badge variant="success">Token set</Badge> : <Badge variant="outline">No token</Badge>}
        </CardTitle>
        <CardDescription>
          Scrape <code className="font-mono">/metrics</code> with <code className="font-mono">Authorization: Bearer &lt;token&gt;</code>
          {open ? ". METRICS_OPEN=1 is set, so no token is needed: keep the port on a trusted network." : "."}
          {configured && updatedAt ? ` The current token was created ${formatRelative(updatedAt)}.` : ""}
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3">
        {token ? (
          <div className="grid gap-2">
            <p className="text-sm font-medium">Copy the token now: it is not shown again.</p>
            <Input readOnly value={token} className="font-mono" data-testid="metrics-token-value" onFocus={(e) => e.currentTarget.select()} />
          </div>
        ) : null}
        {canWrite ? (
          <div className="flex flex-wrap gap-2">
            <Button
              type="button"
              variant={configured ? "outline" : "default"}
              disabled={rotate.pending}
              onClick={() =>
                rotate.run({}, { success: configured ? "New token generated; the old one no longer works" : "Token generated", toastError: true, onSuccess: (d) => (setToken(d.token), router.refresh()) })
              }
            >
              {configured ? "Generate a new token" : "Generate a token"}
            </Button>
            {configured ? (
              <Button
                type="button"
                variant="ghost"
                className="text-destructive"
                disabled={revoke.pending}
                onClick={() => revoke.run({}, { success: "Token revoked", toastError: true, onSuccess: () => (setToken(null), router.refresh()) })}
              >
                Revoke
              </Button>
            ) : null}
          </div>
        ) : null}
      </CardContent>
    </Card>
  );
}
