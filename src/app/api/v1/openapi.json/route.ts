import { openApiRoute } from "./document";

export const dynamic = "force-dynamic";

// GET /api/v1/openapi.json - the OpenAPI 3.1 document, generated from the routes' zod schemas (public)
export const GET = openApiRoute;
