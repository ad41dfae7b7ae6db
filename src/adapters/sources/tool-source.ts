/**
 * What the adapters that drive a database's own tools with a login (PostgreSQL, MySQL) hand to the
 * registry alike: a restore that owns its input stream, and a one-off login for a privileged restore.
 */
import type { RestoreCredentials, SourceAdapter } from "../types";
import { adoptInput } from "./tool-io";

/** Wraps a restore so its input is adopted at once and released however the restore ends. */
export const restoreOwningInput =
  <C>(restore: SourceAdapter<C>["restore"]): SourceAdapter<C>["restore"] =>
  async (config, options, ctx) => {
    adoptInput(options.input);
    try {
      await restore(config, options, ctx);
    } finally {
      // Whatever happened, nobody reads the input after this: release whatever produces it.
      if (!options.input.readableEnded && !options.input.destroyed) options.input.destroy();
    }
  };

/** The config with the restore's own user and password (an empty password means none). */
export const withLogin = <C extends { user: string; password?: string }>(config: C, login: RestoreCredentials): C => ({
  ...config,
  user: login.username,
  password: login.password || undefined,
});
