"use client";
import { ChevronDownIcon, ChevronRightIcon } from "lucide-react";
import Link from "next/link";
import { Fragment, useState } from "react";
import { DeliveryStatusBadge } from "@/components/adapters/notifier-table";
import { Card } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { formatDateTime } from "@/lib/format";
import type { DeliveryDto } from "@/server/services/notifications/list-deliveries";

/** What the channel received: the HTTP request (secrets scrubbed) or the email with its HTML rendered in a sandbox. */
function PayloadPreview({ d }: { d: DeliveryDto }) {
  const p = d.preview;
  if (!p) return <p className="text-muted-foreground text-sm">No payload was rendered (the notifier could not be opened).</p>;
  if (p.channel === "email" && p.email) {
    return (
      <Tabs defaultValue="html">
        <TabsList>
          <TabsTrigger value="html">HTML</TabsTrigger>
          <TabsTrigger value="text">Text</TabsTrigger>
        </TabsList>
        <div className="text-muted-foreground mt-2 text-xs">
          {p.url} · from {p.email.from} to {p.email.to.join(", ")} · <span className="text-foreground font-medium">{p.email.subject}</span>
        </div>
        <TabsContent value="html">
          <iframe title={`Email preview ${d.id}`} sandbox="" srcDoc={p.email.html} className="h-96 w-full rounded-md border bg-white" />
        </TabsContent>
        <TabsContent value="text">
          <pre className="bg-muted max-h-96 overflow-auto rounded-md p-3 text-xs whitespace-pre-wrap">{p.email.text}</pre>
        </TabsContent>
      </Tabs>
    );
  }
  return (
    <div className="grid gap-2" data-testid="payload-preview">
      <div className="font-mono text-xs break-all"><span className="font-semibold">{p.method}</span> {p.url}</div>
      {p.headers && Object.keys(p.headers).length ? (
        <pre className="bg-muted overflow-auto rounded-md p-2 text-xs">{Object.entries(p.headers).map(([k, v]) => `${k}: ${v}`).join("\n")}</pre>
      ) : null}
      {p.body !== undefined ? (
        <pre className="bg-muted max-h-96 overflow-auto rounded-md p-3 text-xs">{typeof p.body === "string" ? p.body : JSON.stringify(p.body, null, 2)}</pre>
      ) : (
        <p className="text-muted-foreground text-xs">No body ({p.method} ping).</p>
      )}
    </div>
  );
}

export function DeliveriesTable({ rows, timeZone }: { rows: DeliveryDto[]; timeZone: string }) {
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Card className="py-0">
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead className="w-8 pl-4"><span className="sr-only">Expand</span></TableHead>
            <TableHead>When</TableHead>
            <TableHead>Event</TableHead>
            <TableHead>Notifier</TableHead>
            <TableHead>Status</TableHead>
            <TableHead className="hidden md:table-cell">Attempts</TableHead>
            <TableHead className="hidden lg:table-cell">Answer</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((d) => {
            const expanded = open === d.id;
            return (
              <Fragment key={d.id}>
                <TableRow data-testid={`delivery-${d.id}`} data-event={d.event} data-notifier={d.notifierName} className="cursor-pointer" onClick={() => setOpen(expanded ? null : d.id)}>
                  <TableCell className="pl-4">
                    <button type="button" aria-expanded={expanded} aria-label={expanded ? "Hide details" : "Show details"} className="text-muted-foreground">
                      {expanded ? <ChevronDownIcon className="size-4" /> : <ChevronRightIcon className="size-4" />}
                    </button>
                  </TableCell>
                  <TableCell className="text-muted-foreground whitespace-nowrap">{formatDateTime(d.createdAt, timeZone)}</TableCell>
                  <TableCell>
                    <div className="font-mono text-xs">{d.event}</div>
                    {d.title ? <div className="max-w-80 truncate text-xs" title={d.title}>{d.title}</div> : null}
                  </TableCell>
                  <TableCell>{d.notifierName}</TableCell>
                  <TableCell><DeliveryStatusBadge status={d.status} /></TableCell>
                  <TableCell className="hidden md:table-cell tabular-nums">{d.attempts}</TableCell>
                  <TableCell className="hidden max-w-72 truncate text-xs lg:table-cell" title={d.error ?? undefined}>
                    {d.responseCode !== null ? <span className="font-mono">{d.responseCode} </span> : null}
                    <span className={d.error ? "text-destructive" : "text-muted-foreground"}>{d.error ?? (d.status === "sent" ? "delivered" : "")}</span>
                  </TableCell>
                </TableRow>
                {expanded ? (
                  <TableRow data-testid={`delivery-detail-${d.id}`}>
                    <TableCell colSpan={7} className="bg-muted/30 p-4 whitespace-normal">
                      <div className="grid gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
                        <div className="grid content-start gap-2">
                          <h3 className="text-sm font-medium">Attempts</h3>
                          <ol className="grid gap-1 text-xs" data-testid="attempts">
                            {d.attemptLog.map((a) => (
                              <li key={a.attempt} className="flex flex-wrap gap-2">
                                <span className="font-medium">#{a.attempt}</span>
                                <span className={a.status === "ok" ? "text-success" : "text-destructive"}>{a.status}</span>
                                {a.responseCode !== null ? <span className="font-mono">{a.responseCode}</span> : null}
                                <span className="text-muted-foreground">{a.durationMs} ms · {formatDateTime(a.startedAt, timeZone)}</span>
                                {a.error ? <span className="text-destructive w-full break-words">{a.error}</span> : null}
                              </li>
                            ))}
                            {d.attemptLog.length === 0 ? <li className="text-muted-foreground">None yet</li> : null}
                          </ol>
                          {d.status === "pending" && d.nextAttemptAt ? <p className="text-muted-foreground text-xs">Next attempt {formatDateTime(d.nextAttemptAt, timeZone)}</p> : null}
                          {d.executionId ? <Link href={`/history/${d.executionId}`} className="text-primary text-xs underline-offset-4 hover:underline">Open the run</Link> : null}
                        </div>
                        <div className="grid content-start gap-2">
                          <h3 className="text-sm font-medium">Payload</h3>
                          <PayloadPreview d={d} />
                        </div>
                      </div>
                    </TableCell>
                  </TableRow>
                ) : null}
              </Fragment>
            );
          })}
        </TableBody>
      </Table>
    </Card>
  );
}
