/** Run history API. Keyset-paginated: follow `page.older` with ?before= and `page.newer` with ?after=. */
import { withRoute } from "@/server/http/route";
import { ZExecutionsResponse } from "@/server/services/executions/executions.responses";
import { ZListExecutionsQuery } from "@/server/services/executions/executions.schema";
import { listExecutions } from "@/server/services/executions/list-executions";

export const dynamic = "force-dynamic";

// GET /api/v1/executions?jobId&status&type&trigger&from&to&before|after&limit - newest first (history:read)
export const GET = withRoute({
  name: "executions.list",
  access: "history:read",
  summary: "List runs, newest first (keyset pagination)",
  query: ZListExecutionsQuery,
  responses: { 200: { description: "One page of runs and the cursors around it", schema: ZExecutionsResponse } },
  handler: async ({ query }) => {
    const { rows, older, newer } = await listExecutions(query);
    return { executions: rows, page: { older, newer } };
  },
});
