import type { Metadata } from "next";
import { getApiV1Document } from "@/app/api/v1/openapi.json/document";
import { PageHeader } from "@/components/common/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { requirePage } from "@/server/http/page";

export const metadata: Metadata = { title: "API" };

type Param = { name: string; in: string; required?: boolean; description?: string; schema?: Record<string, unknown> };
type Operation = {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  "x-permission": string;
  parameters?: Param[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string }>;
};

const typeOf = (s: Record<string, unknown> | undefined): string => {
  if (!s) return "";
  if (Array.isArray(s.enum)) return s.enum.join(" | ");
  return typeof s.type === "string" ? s.type : "any";
};

/** The OpenAPI document of /api/v1 as a page: per tag, each operation with its permission, parameters and body. */
export default async function ApiDocsPage() {
  await requirePage("authenticated");
  const doc = getApiV1Document();
  const ops = Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method, op: op as Operation })));
  const tags = [...new Set(ops.map((o) => o.op.tags[0] ?? "api"))].sort();
  return (
    <div className="space-y-6">
      <PageHeader
        title="API"
        description={
          <>
            REST API v{doc.info.version}: send <code>Authorization: Bearer &lt;key&gt;</code> (create a key on your profile) or use a signed-in session. Errors are
            RFC 9457 problem+json. The machine-readable document is at <a className="underline underline-offset-2" href="/api/v1/openapi.json">/api/v1/openapi.json</a>.
          </>
        }
      />
      {tags.map((tag) => (
        <Card key={tag}>
          <CardHeader>
            <CardTitle className="capitalize">{tag}</CardTitle>
          </CardHeader>
          <CardContent className="space-y-4">
            {ops
              .filter((o) => (o.op.tags[0] ?? "api") === tag)
              .map(({ path, method, op }) => (
                <section key={op.operationId} id={op.operationId} className="space-y-2 border-b pb-4 last:border-b-0 last:pb-0">
                  <div className="flex flex-wrap items-center gap-2">
                    <Badge variant="outline" className="font-mono uppercase">{method}</Badge>
                    <code className="text-sm">{path}</code>
                    <Badge variant="secondary">{op["x-permission"]}</Badge>
                  </div>
                  <p className="text-sm">{op.summary}</p>
                  {op.description ? <p className="text-sm text-muted-foreground">{op.description}</p> : null}
                  {op.parameters?.length ? (
                    <ul className="text-sm text-muted-foreground">
                      {op.parameters.map((p) => (
                        <li key={`${p.in}:${p.name}`}>
                          <code>{p.name}</code> ({p.in}
                          {p.required ? ", required" : ""}) <span className="font-mono text-xs">{typeOf(p.schema)}</span>
                          {p.description ? ` — ${p.description}` : ""}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                  {op.requestBody ? (
                    <details className="text-sm">
                      <summary className="cursor-pointer">Request body (JSON Schema)</summary>
                      <pre className="mt-2 max-h-96 overflow-auto rounded bg-muted p-3 text-xs">{JSON.stringify(op.requestBody.content["application/json"]?.schema, null, 2)}</pre>
                    </details>
                  ) : null}
                  <p className="text-xs text-muted-foreground">
                    Responses: {Object.entries(op.responses).map(([status, r]) => `${status} ${r.description}`).join(" · ")}
                  </p>
                </section>
              ))}
          </CardContent>
        </Card>
      ))}
    </div>
  );
}
