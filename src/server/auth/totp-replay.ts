/**
 * A TOTP code is valid for its whole 30 s step (plus a step of drift either side), so better-auth would
 * accept the same code twice. We remember each accepted code per user until it can no longer be valid
 * and refuse it a second time. In memory: Bunker is a single process, and a restart takes longer than
 * the 90 s a code lives.
 */
const LIFETIME_MS = 120_000;
const g = globalThis as unknown as { bunkerUsedTotp?: Map<string, number> };
const used = () => (g.bunkerUsedTotp ??= new Map());

const key = (userId: string, code: string) => `${userId}:${code.trim()}`;

export const wasTotpUsed = (userId: string, code: string): boolean => {
  const at = used().get(key(userId, code));
  return at !== undefined && Date.now() - at < LIFETIME_MS;
};

export const markTotpUsed = (userId: string, code: string): void => {
  const now = Date.now();
  for (const [k, at] of used()) if (now - at >= LIFETIME_MS) used().delete(k);
  used().set(key(userId, code), now);
};
