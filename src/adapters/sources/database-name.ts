import { AdapterError } from "../errors";

/**
 * Database names Bunker accepts from people (picked databases, restore targets): letters, digits and
 * _ $ . - only, at most 63 characters (PostgreSQL's limit; MariaDB's is 64). This refuses shell and
 * conninfo metacharacters outright ("x; touch pwned", "host=evil dbname=x") with a clear message.
 * Adapters still pass names without a shell and without conninfo expansion, as a second line.
 */
const NAME = /^[\p{L}\p{N}_][\p{L}\p{N}_$.-]{0,62}$/u;

export const isValidDatabaseName = (name: string): boolean => NAME.test(name);

export const assertDatabaseName = (name: string): string => {
  if (!isValidDatabaseName(name)) {
    throw new AdapterError(
      "INVALID_INPUT",
      `invalid database name ${JSON.stringify(name.slice(0, 80))}: use letters, digits, _ $ . - (at most 63 characters, not starting with $ . -)`,
    );
  }
  return name;
};
