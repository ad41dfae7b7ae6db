import { z } from "zod";
import { withRoute } from "@/server/http/route";
import { ZHealthCheckOutcome } from "@/server/services/adapters/adapters.responses";
import { testStoredAdapter } from "@/server/services/adapters/test-stored-adapter";

export const dynamic = "force-dynamic";

// Records the outcome as a health check, like the page's *Check now*.
export const POST = withRoute({
  name: "destinations.test",
  access: "destinations:read",
  summary: "Test the connection of a stored destination",
  params: z.object({ destinationId: z.string().min(1).max(64) }),
  responses: { 200: { description: "The outcome: new health status and the test result", schema: ZHealthCheckOutcome } },
  handler: async ({ params }) => Response.json(await testStoredAdapter({ kind: "destination", id: params.destinationId })),
});
