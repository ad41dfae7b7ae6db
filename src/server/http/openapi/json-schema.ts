/**
 * zod → JSON Schema (2020-12, which OpenAPI 3.1 uses as is) through zod 4's own `z.toJSONSchema`.
 * Definitions a schema carries (`$defs`, for recursive or registered schemas) move to
 * components.schemas so every `$ref` resolves from the document root. A response schema registered
 * with an id (`.meta({ id: "Job" })`) becomes the one shared `#/components/schemas/Job`; anything else
 * is named after the operation that uses it.
 */
import { z } from "zod";

export type JsonSchema = Record<string, unknown>;

const rewriteRefs = (node: unknown, map: (ref: string) => string): unknown => {
  if (Array.isArray(node)) return node.map((n) => rewriteRefs(n, map));
  if (!node || typeof node !== "object") return node;
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, k === "$ref" && typeof v === "string" ? map(v) : rewriteRefs(v, map)]));
};

// Only output schemas share by id: an input view of the same schema differs (defaults make fields optional).
const isShared = (defName: string, io: "input" | "output"): boolean => io === "output" && z.globalRegistry._idmap.has(defName);

export const toJsonSchema = (schema: z.ZodType, io: "input" | "output", name: string, components: Record<string, JsonSchema>): JsonSchema => {
  const raw = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as JsonSchema;
  const { $schema: _dialect, $defs, ...rest } = raw;
  const defs = ($defs ?? {}) as Record<string, JsonSchema>;
  let selfRef = false;
  const componentOf = (defName: string) => (isShared(defName, io) ? defName : `${name}_${defName}`);
  const map = (ref: string): string => {
    if (ref === "#") {
      selfRef = true;
      return `#/components/schemas/${name}`;
    }
    const m = /^#\/\$defs\/(.+)$/.exec(ref);
    return m ? `#/components/schemas/${componentOf(m[1]!)}` : ref;
  };
  for (const [k, v] of Object.entries(defs)) components[componentOf(k)] = rewriteRefs(v, map) as JsonSchema;
  const out = rewriteRefs(rest, map) as JsonSchema;
  // A self-reference needs the whole schema addressable.
  if (selfRef) {
    components[name] = out;
    return { $ref: `#/components/schemas/${name}` };
  }
  return out;
};
