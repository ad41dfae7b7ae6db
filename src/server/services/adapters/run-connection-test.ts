import type { ConnectionTest } from "@/adapters/types";
import { isAdapterError } from "@/adapters/errors";
import type { ConnectableEntry } from "./adapter-kinds";
import { withAdapterContext } from "./with-adapter-context";

const TIMEOUT_MS = 20_000;

/** Runs an adapter's test with a time limit; a throw or a hang becomes a failed result, never an exception. */
export const runConnectionTest = async (entry: ConnectableEntry, config: Record<string, unknown>): Promise<ConnectionTest> => {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    const adapter = await entry.load();
    const test = withAdapterContext((ctx) => adapter.test(config as never, ctx), controller.signal);
    const timeout = new Promise<ConnectionTest>((resolve) =>
      controller.signal.addEventListener("abort", () => resolve({ ok: false, latencyMs: elapsed(), error: `no answer within ${TIMEOUT_MS / 1000} s` })),
    );
    return await Promise.race([test, timeout]);
  } catch (e) {
    return { ok: false, latencyMs: elapsed(), error: isAdapterError(e) ? e.message : `unexpected error: ${(e as Error).message}` };
  } finally {
    clearTimeout(timer);
  }
};
