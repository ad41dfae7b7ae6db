import { buildOpenApiDocument, type OpenApiDocument } from "@/server/http/openapi/build-document";
import { ZOpenApiDocument } from "@/server/http/openapi/document-schema";
import { withRoute } from "@/server/http/route";
import { API_V1_ROUTES } from "./routes";

// Public: it describes what exists, never data, and API clients fetch it before they hold a key.
export const openApiRoute = withRoute({
  name: "openapi.get",
  access: "public",
  summary: "This OpenAPI 3.1 document",
  responses: { 200: { description: "The OpenAPI document", schema: ZOpenApiDocument } },
  handler: async () => Response.json(getApiV1Document(), { headers: { "cache-control": "no-store" } }),
});

let cached: OpenApiDocument | null = null;

/** The document for every /api/v1 route, built once per process (the routes cannot change at run time). */
export const getApiV1Document = (): OpenApiDocument =>
  (cached ??= buildOpenApiDocument([...API_V1_ROUTES, { path: "/api/v1/openapi.json", module: { GET: openApiRoute } }]));
