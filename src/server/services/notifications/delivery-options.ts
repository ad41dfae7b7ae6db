/**
 * Retry and timeout policy. 3 attempts with exponential backoff (1 s, then 4 s) on 5xx, network
 * errors and timeouts. The per-send limits keep a dead server from holding anything for long.
 * Tests shorten the backoff through configureDelivery.
 */
export type DeliveryOptions = {
  maxAttempts: number;
  /** First retry after this; each later one waits `backoffFactor` times longer */
  backoffBaseMs: number;
  backoffFactor: number;
  httpTimeoutMs: number;
  smtpTimeoutMs: number;
};

const DEFAULTS: DeliveryOptions = { maxAttempts: 3, backoffBaseMs: 1000, backoffFactor: 4, httpTimeoutMs: 10_000, smtpTimeoutMs: 15_000 };

const g = globalThis as unknown as { bunkerDeliveryOptions?: DeliveryOptions };

export const deliveryOptions = (): DeliveryOptions => g.bunkerDeliveryOptions ?? DEFAULTS;

export const configureDelivery = (patch: Partial<DeliveryOptions>): void => {
  g.bunkerDeliveryOptions = { ...deliveryOptions(), ...patch };
};

/** Delay before attempt `next` (2, 3 …): base, base·factor, … */
export const backoffMs = (next: number, o: DeliveryOptions = deliveryOptions()): number => o.backoffBaseMs * o.backoffFactor ** Math.max(0, next - 2);

export const timeoutFor = (adapterId: string, o: DeliveryOptions = deliveryOptions()): number => (adapterId === "email" ? o.smtpTimeoutMs : o.httpTimeoutMs);
