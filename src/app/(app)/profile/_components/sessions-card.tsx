"use client";
import { MonitorSmartphone } from "lucide-react";
import { useServerAction } from "@/components/forms/use-server-action";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDateTime } from "@/lib/format";
import type { SessionDto } from "@/server/services/sessions/list-sessions";
import { revokeOtherSessionsAction, revokeSessionAction } from "../actions";

export function SessionsCard({ sessions }: { sessions: SessionDto[] }) {
  const revoke = useServerAction(revokeSessionAction);
  const revokeAll = useServerAction(revokeOtherSessionsAction);
  const others = sessions.filter((s) => !s.current).length;
  return (
    <Card id="sessions">
      <CardHeader className="flex flex-row items-start justify-between gap-4">
        <div className="grid gap-1.5">
          <CardTitle className="flex items-center gap-2"><MonitorSmartphone className="size-4" /> Sessions</CardTitle>
          <CardDescription>Where you are signed in. Sign out anything you do not recognise.</CardDescription>
        </div>
        <Button variant="outline" size="sm" disabled={!others || revokeAll.pending} onClick={() => revokeAll.run({}, { success: "Other sessions signed out", toastError: true })}>
          Sign out all others
        </Button>
      </CardHeader>
      <CardContent>
        <Table data-testid="sessions-table">
          <TableHeader>
            <TableRow><TableHead>Device</TableHead><TableHead>Browser</TableHead><TableHead>IP address</TableHead><TableHead>Last seen</TableHead><TableHead /></TableRow>
          </TableHeader>
          <TableBody>
            {sessions.map((s) => (
              <TableRow key={s.id}>
                <TableCell>{s.device}</TableCell>
                <TableCell>{s.browser}</TableCell>
                <TableCell className="font-mono text-xs">{s.ip ?? "unknown"}</TableCell>
                <TableCell>{formatDateTime(s.lastSeenAt)}</TableCell>
                <TableCell className="text-right">
                  {s.current ? <Badge variant="secondary">This browser</Badge> : (
                    <Button variant="ghost" size="sm" onClick={() => revoke.run({ sessionId: s.id }, { success: "Session signed out", toastError: true })}>Sign out</Button>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </CardContent>
    </Card>
  );
}
