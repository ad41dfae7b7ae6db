/**
 * The one way to write a server action: resolve the caller, check access, parse input with zod, run one
 * service call. Results are plain objects ({ ok, data } or { ok: false, code, message }) so the client
 * never sees a stack trace and a forbidden call changes nothing.
 */
import { headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import type { Actor } from "@/server/services/audit/audit-context";
import { actorOf, type Caller, resolveCaller } from "./caller";
import { type Access, authorize, parseInput, type PublicError, toPublicError } from "./guard";

export type ActionResult<T> = ({ ok: true; data: T }) | ({ ok: false } & PublicError);

type Ctx<A extends Access> = A extends "public"
  ? { caller: Caller | null; actor: Actor | null; headers: Headers }
  : { caller: Caller; actor: Actor; headers: Headers };

export type ActionDefinition<A extends Access, S extends z.ZodType, R> = {
  name: string;
  access: A;
  schema: S;
  handler: (input: z.output<S>, ctx: Ctx<A>) => Promise<R>;
};

/** The core, with the caller given: what tests call. */
export const runAction = async <A extends Access, S extends z.ZodType, R>(
  def: ActionDefinition<A, S, R>,
  caller: Caller | null,
  raw: unknown,
  requestHeaders: Headers = new Headers(),
): Promise<ActionResult<R>> => {
  try {
    const who = authorize(caller, def.access);
    const input = parseInput(def.schema, raw);
    const ctx = { caller: who, actor: who ? actorOf(who) : null, headers: requestHeaders } as Ctx<A>;
    return { ok: true, data: await def.handler(input, ctx) };
  } catch (e) {
    unstable_rethrow(e); // redirect() and friends are control flow, not errors
    return { ok: false, ...toPublicError(e, `action ${def.name}`) };
  }
};

export const defineAction =
  <A extends Access, S extends z.ZodType, R>(def: ActionDefinition<A, S, R>) =>
  async (raw: z.input<S>): Promise<ActionResult<R>> => {
    const h = await headers();
    return runAction(def, await resolveCaller(h), raw, h);
  };

/** For pages: the caller or null, from the current request. */
export const currentCaller = async (): Promise<Caller | null> => resolveCaller(await headers());
