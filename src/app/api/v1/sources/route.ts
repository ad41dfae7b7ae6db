import { withRoute } from "@/server/http/route";
import { ZSourcesResponse } from "@/server/services/adapters/adapters.responses";
import { listAdapterConfigs } from "@/server/services/adapters/list-adapter-configs";

export const dynamic = "force-dynamic";

// Secret fields never leave the server: `secretsSet` names the ones that hold a value.
export const GET = withRoute({
  name: "sources.list",
  access: "sources:read",
  summary: "List sources (non-secret settings and health)",
  responses: { 200: { description: "Every source, by name", schema: ZSourcesResponse } },
  handler: async () => ({ sources: await listAdapterConfigs("source") }),
});
