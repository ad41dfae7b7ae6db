/**
 * Pieces every response schema shares. Response schemas describe what the REST API sends (the OpenAPI
 * document is built from them and tests/integration/api-responses.test.ts parses real answers with them),
 * so they are strict objects: a field a handler starts returning fails that test until it is documented.
 * Schemas given an `id` become one shared entry under components.schemas.
 */
import { z } from "zod";

/** A moment as the API writes it: `Date.toISOString()`, always UTC. */
export const ZDateTime = z.iso.datetime().meta({ id: "DateTime", description: "ISO 8601 instant in UTC" });

/** A DTO as it travels: dates become ISO strings. For `satisfies z.ZodType<Wire<Dto>>` checks on schemas. */
export type Wire<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

/** The answer of every route that queues a run: the execution to poll (also in the Location header). */
export const ZExecutionStarted = z.strictObject({ executionId: z.string() }).meta({ id: "ExecutionStarted" });
