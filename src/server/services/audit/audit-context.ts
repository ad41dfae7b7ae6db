/** Who did something and from where: passed from the edge into every mutating service call. */
export type Actor =
  | { kind: "user"; userId: string; email: string; ip?: string | null; userAgent?: string | null }
  | { kind: "system"; reason?: string };

export const SYSTEM_ACTOR: Actor = { kind: "system" };
