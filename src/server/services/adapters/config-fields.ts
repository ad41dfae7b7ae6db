/**
 * Turns an adapter's zod config schema into plain field descriptors: the UI renders its form from them,
 * the service learns which fields are secret, and the docs table lists them. One source of truth.
 */
import { z } from "zod";

export type FieldDescriptor = {
  name: string;
  type: "string" | "number" | "boolean" | "enum";
  title: string;
  description?: string;
  placeholder?: string;
  required: boolean;
  defaultValue?: string | number | boolean;
  options?: string[];
  secret: boolean;
  multiline: boolean;
  advanced: boolean;
};

type JsonProp = {
  type?: string | string[];
  enum?: unknown[];
  default?: unknown;
  title?: string;
  description?: string;
  placeholder?: string;
  secret?: boolean;
  multiline?: boolean;
  advanced?: boolean;
  anyOf?: JsonProp[];
};

const kindOf = (p: JsonProp): FieldDescriptor["type"] => {
  if (p.enum) return "enum";
  const t = Array.isArray(p.type) ? p.type.find((x) => x !== "null") : p.type;
  if (t === "integer" || t === "number") return "number";
  if (t === "boolean") return "boolean";
  const inner = p.anyOf?.find((x) => x.type !== "null");
  return inner ? kindOf(inner) : "string";
};

const cache = new WeakMap<z.ZodType, FieldDescriptor[]>();

export const describeConfig = (schema: z.ZodType): FieldDescriptor[] => {
  const hit = cache.get(schema);
  if (hit) return hit;
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as { properties?: Record<string, JsonProp>; required?: string[] };
  const required = new Set(json.required ?? []);
  const fields = Object.entries(json.properties ?? {}).map(([name, p]): FieldDescriptor => {
    const enumSource = p.enum ?? p.anyOf?.find((x) => x.enum)?.enum;
    const d = p.default;
    return {
      name,
      type: enumSource ? "enum" : kindOf(p),
      title: p.title ?? name,
      ...(p.description ? { description: p.description } : {}),
      ...(p.placeholder ? { placeholder: p.placeholder } : {}),
      required: required.has(name) && d === undefined,
      ...(typeof d === "string" || typeof d === "number" || typeof d === "boolean" ? { defaultValue: d } : {}),
      ...(enumSource ? { options: enumSource.map(String) } : {}),
      secret: p.secret === true,
      multiline: p.multiline === true,
      advanced: p.advanced === true,
    };
  });
  cache.set(schema, fields);
  return fields;
};

export const secretFieldNames = (schema: z.ZodType): string[] => describeConfig(schema).filter((f) => f.secret).map((f) => f.name);
