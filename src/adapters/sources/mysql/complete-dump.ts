/**
 * A SQL dump replayed through the client has no end marker the client checks: cut at a statement
 * boundary, it would "restore" successfully with tables missing. mariadb-dump and mysqldump end every
 * complete dump with a "-- Dump completed" comment, so the restore holds back the last bytes and
 * forwards them only when that line is there. Without it the stream fails before the client ever sees
 * end-of-input, and the restore kills the client.
 */
import { Transform } from "node:stream";
import { AdapterError } from "../../errors";

export const DUMP_TRAILER = "-- Dump completed";

export const completeDumpGuard = (keep = 512): Transform => {
  let held = Buffer.alloc(0);
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      const all = held.length > 0 ? Buffer.concat([held, chunk]) : chunk;
      if (all.length <= keep) {
        held = Buffer.from(all);
        cb();
        return;
      }
      held = Buffer.from(all.subarray(all.length - keep));
      cb(null, all.subarray(0, all.length - keep));
    },
    flush(cb) {
      if (held.toString("utf8").includes(DUMP_TRAILER)) {
        cb(null, held);
        return;
      }
      cb(
        new AdapterError(
          "TOOL_FAILED",
          `the backup is incomplete: it does not end with the "${DUMP_TRAILER}" line mariadb-dump writes last (truncated, or not a mariadb-dump/mysqldump file); restore stopped`,
        ),
      );
    },
  });
};
