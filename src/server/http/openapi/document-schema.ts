import { z } from "zod";

/** The document's own outline, for its route: the full OpenAPI 3.1 meta-schema is at spec.openapis.org. */
export const ZOpenApiDocument = z
  .looseObject({
    openapi: z.literal("3.1.0"),
    info: z.looseObject({ title: z.string(), version: z.string() }),
    paths: z.record(z.string(), z.record(z.string(), z.unknown())).describe("Path → method → operation"),
    components: z.looseObject({ schemas: z.record(z.string(), z.unknown()) }),
  })
  .describe("An OpenAPI 3.1 document (see https://spec.openapis.org/oas/v3.1.0)");
