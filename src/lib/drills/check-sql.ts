/**
 * What a drill's SQL check may be: ONE query that reads. The engines also run it in a read-only session,
 * but that alone lets too much through (MariaDB's read-only transactions still allow CREATE DATABASE, and
 * a `COMMIT;` inside the text ends PostgreSQL's read-only transaction). So before it runs:
 *
 * - no `;` except at the very end: deliberately blunt (a `;` inside a string literal is refused too),
 *   because telling a literal from code needs the engine's quoting rules (backslash escapes in MySQL,
 *   E'' strings and dollar quotes in PostgreSQL) and a scanner that gets them wrong lets a second
 *   statement through;
 * - it starts with SELECT, WITH, VALUES or TABLE (after comments and opening parentheses);
 * - no INTO OUTFILE / INTO DUMPFILE (MySQL writes files on the database server with those).
 *
 * This stops mistakes and pasted scripts. It is not a sandbox: a function called by a SELECT runs with
 * the scratch target login's rights, so that login should own nothing but its scratch databases.
 */
const LEADING_NOISE = /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/|\()*/;
const READS = /^(?:select|with|values|table)\b/i;

export const checkSqlError = (sql: string): string | null => {
  const body = sql.trim().replace(/[;\s]+$/, "");
  if (body === "") return "Write the query";
  if (body.includes(";")) return "A check is one query: remove the ';' (a ';' inside a string is refused too)";
  if (/\/\*!/.test(body)) return "MySQL executable comments (/*! … */) are not allowed in a check";
  const start = body.replace(LEADING_NOISE, "");
  if (!READS.test(start)) return "A check reads: start it with SELECT, WITH, VALUES or TABLE";
  if (/\binto\s+(?:outfile|dumpfile)\b/i.test(body)) return "A check may not write files (INTO OUTFILE / DUMPFILE)";
  return null;
};

/** The query as sent: trailing semicolons and whitespace removed (the engines add what they need). */
export const normalizeCheckSql = (sql: string): string => sql.trim().replace(/[;\s]+$/, "");
