/**
 * What the adapters that drive a database's own tools with a login (PostgreSQL, MySQL) hand to the
 * registry alike: a restore that owns its input stream, and a one-off login for a privileged restore.
 */
import { AdapterError, isAdapterError } from "../errors";
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

/**
 * Runs `restore` into a database; when this call `created` it and the restore fails, the database is
 * dropped again (no half-restored leftovers) and the error says whether that worked.
 */
export const dropNewDatabaseOnFailure = async (created: boolean, database: string, drop: () => Promise<unknown>, restore: () => Promise<void>): Promise<void> => {
  try {
    await restore();
  } catch (e) {
    if (!created) throw e;
    const dropped = await drop().then(
      () => true,
      () => false,
    );
    if (isAdapterError(e)) {
      const note = dropped ? ` (the new database ${database} was removed)` : ` (the new database ${database} could not be removed)`;
      throw new AdapterError(e.code, `${e.message}${note}`, { cause: e.cause });
    }
    throw e;
  }
};
