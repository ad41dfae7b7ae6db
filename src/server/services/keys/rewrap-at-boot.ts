/**
 * Boot step of a master key rotation: when ENCRYPTION_PREVIOUS_KEYS is configured, every secret still under
 * an old key is re-wrapped under the current one, so the previous key can be removed after one start.
 * Failures are logged (with row ids, never values) and do not stop the app: the other secrets work.
 */
import { log } from "@/lib/logger";
import { env } from "@/server/env";
import { type RewrapResult, rewrapSecrets } from "./rewrap-secrets";

/** A keyring with a version other than the current one: previous keys were given. */
export const hasPreviousKeys = (keyring = env().keyring): boolean => [...keyring.keys.keys()].some((v) => v !== keyring.currentVersion);

export const rewrapAtBoot = async (): Promise<RewrapResult | null> => {
  const { keyring } = env();
  if (!hasPreviousKeys(keyring)) return null;
  const r = await rewrapSecrets({ keyring, actor: { kind: "system", reason: "boot: master key rotation" } });
  log.info(`re-wrapped ${r.rewrapped} secrets under key v${r.keyVersion}`);
  if (r.failures.length) {
    log.error(`${r.failures.length} secret(s) could not be re-wrapped: no configured key opens them; the sources, destinations or profiles named above need their secrets entered again`);
  } else {
    log.info("every stored secret is under the current key: ENCRYPTION_PREVIOUS_KEYS can be removed");
  }
  return r;
};
