/**
 * Where SQLite databases live: the configured file is the one database, and restores are files next to
 * it. Pure path logic, no I/O.
 */
import path from "node:path";
import { assertDatabaseName } from "../database-name";

/** "/srv/app/app.db" → "app"; "/srv/app/data.sqlite3" → "data"; "/srv/app/app" → "app". */
export const databaseNameForFile = (file: string): string => {
  const { name, base } = path.parse(file);
  return name || base;
};

/**
 * The file a restore named `database` writes: `<database>.db` (or `<database>` when the name already has
 * an extension, such as "app.sqlite") in the directory of the configured file. The name is checked with
 * assertDatabaseName first, so no "/", "..", leading "-" or shell characters can get in.
 */
export const restoreTargetFor = (sourceFile: string, database: string): string => {
  assertDatabaseName(database);
  const file = path.extname(database) ? database : `${database}.db`;
  return path.join(path.dirname(sourceFile), file);
};

/** The temp file a restore builds before it renames it onto the target, in the same directory. */
export const partialPathFor = (target: string, rand: string): string => `${target}.partial-${rand}`;

/** Files SQLite keeps next to a database while it is open or after a crash. */
export const companionFiles = (file: string): { wal: string; shm: string; journal: string } => ({
  wal: `${file}-wal`,
  shm: `${file}-shm`,
  journal: `${file}-journal`,
});
