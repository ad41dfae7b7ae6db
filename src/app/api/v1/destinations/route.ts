import { withRoute } from "@/server/http/route";
import { ZDestinationsResponse } from "@/server/services/adapters/adapters.responses";
import { listAdapterConfigs } from "@/server/services/adapters/list-adapter-configs";

export const dynamic = "force-dynamic";

// Secret fields never leave the server: `secretsSet` names the ones that hold a value.
export const GET = withRoute({
  name: "destinations.list",
  access: "destinations:read",
  summary: "List destinations (non-secret settings and health)",
  responses: { 200: { description: "Every destination, by name", schema: ZDestinationsResponse } },
  handler: async () => ({ destinations: await listAdapterConfigs("destination") }),
});
