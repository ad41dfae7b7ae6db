/**
 * Connection details of the real services that scripts/services/up.sh starts (npm test does it).
 * Outside CI a missing service skips its tests with a message; in CI (CI=true) it fails loudly, so a
 * broken install step can never pass as "0 tests".
 */
import { describe } from "vitest";

const REQUIRED = {
  postgres: ["PGHOST", "PGPORT", "PGUSER", "PGPASSWORD"],
  mysql: ["MYSQL_HOST", "MYSQL_PORT", "MYSQL_USER", "MYSQL_PASSWORD"],
  redis: ["REDIS_HOST", "REDIS_PORT", "REDIS_PASSWORD"],
  ssh: ["SSH_HOST", "SSH_PORT", "SSH_USER", "SSH_KEY"],
} as const;

export type ServiceName = keyof typeof REQUIRED;

export const serviceAvailable = (name: ServiceName): boolean => {
  const missing = REQUIRED[name].filter((k) => !process.env[k]);
  if (missing.length === 0) return true;
  if (process.env.CI) throw new Error(`${name} is required in CI but ${missing.join(", ")} is not set: did scripts/services/up.sh run?`);
  console.warn(`[tests] skipping ${name} tests: ${missing.join(", ")} not set (run npm test, which starts the services)`);
  return false;
};

export const describeWithService = (name: ServiceName, title: string, fn: () => void) =>
  (serviceAvailable(name) ? describe : describe.skip)(title, fn);

export const env = (k: string): string => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is not set`);
  return v;
};
