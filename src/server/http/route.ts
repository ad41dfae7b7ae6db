/**
 * The one way to write a route handler: caller (session cookie or `Authorization: Bearer <api key>`), access check, zod for
 * params, query and body, one handler. Errors come back as RFC 9457 problem+json with the status
 * mapped from the AppError code.
 */
import type { z } from "zod";
import { APP_ERROR_STATUS, AppError } from "@/server/errors";
import type { Actor } from "@/server/services/audit/audit-context";
import { actorOf, type Caller, resolveCaller } from "./caller";
import { type Access, authorize, parseInput, toPublicError } from "./guard";

type RouteContext = { params: Promise<Record<string, string | string[]>> };

/**
 * What the OpenAPI generator (src/server/http/openapi) reads off a route: the same zod schemas the
 * handler parses with, so the document cannot drift from what the route accepts.
 */
export type RouteSpec = {
  name: string;
  access: Access;
  summary?: string;
  description?: string;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /**
   * Per status: the body schema (JSON media types) and media type, when the route declares them. Several
   * media types: the same answer in another form by request (logs as text, an export as JSON or age).
   * An error status without a schema is the problem+json body.
   */
  responses?: Record<number, { description: string; schema?: z.ZodType; contentType?: string | string[] }>;
};

export type RouteHandler = ((req: Request, ctx: RouteContext) => Promise<Response>) & { spec: RouteSpec };

type Handler<P, Q, B, A extends Access> = (ctx: {
  req: Request;
  caller: A extends "public" ? Caller | null : Caller;
  actor: A extends "public" ? Actor | null : Actor;
  params: P;
  query: Q;
  body: B;
}) => Promise<Response | unknown>;

export const problem = (status: number, title: string, detail: string, extra?: Record<string, unknown>): Response =>
  Response.json({ type: "about:blank", title, status, detail, ...extra }, { status, headers: { "content-type": "application/problem+json" } });

const readBody = async (req: Request): Promise<unknown> => {
  if (req.method === "GET" || req.method === "HEAD") return undefined;
  const text = await req.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("BAD_REQUEST", "The request body is not valid JSON.");
  }
};

export const withRoute =
  <A extends Access, PS extends z.ZodType = z.ZodType<unknown>, QS extends z.ZodType = z.ZodType<unknown>, BS extends z.ZodType = z.ZodType<unknown>>(def: {
    name: string;
    access: A;
    params?: PS;
    query?: QS;
    body?: BS;
    handler: Handler<z.output<PS>, z.output<QS>, z.output<BS>, A>;
    summary?: string;
    description?: string;
    responses?: RouteSpec["responses"];
  }): RouteHandler =>
  Object.assign(async (req: Request, ctx: RouteContext): Promise<Response> => {
    try {
      const caller = authorize(await resolveCaller(req.headers, { allowApiKey: true }), def.access);
      const params = def.params ? parseInput(def.params, await ctx.params) : undefined;
      const query = def.query ? parseInput(def.query, Object.fromEntries(new URL(req.url).searchParams)) : undefined;
      const body = def.body ? parseInput(def.body, await readBody(req)) : undefined;
      const result = await def.handler({
        req,
        caller: caller as A extends "public" ? Caller | null : Caller,
        actor: (caller ? actorOf(caller) : null) as A extends "public" ? Actor | null : Actor,
        params: params as z.output<PS>,
        query: query as z.output<QS>,
        body: body as z.output<BS>,
      });
      if (result instanceof Response) return result;
      return Response.json(result ?? null, { status: req.method === "POST" ? 201 : 200 });
    } catch (e) {
      const err = toPublicError(e, `route ${def.name}`);
      return problem(APP_ERROR_STATUS[err.code], err.code, err.message, { code: err.code, ...(err.fieldErrors ? { errors: err.fieldErrors } : {}) });
    }
  }, { spec: { name: def.name, access: def.access, summary: def.summary, description: def.description, params: def.params, query: def.query, body: def.body, responses: def.responses } });
