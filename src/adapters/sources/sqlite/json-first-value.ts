/**
 * The first column of the first row that `sqlite3 -json` printed, read in order. JSON.parse would not
 * do: it puts keys that look like integers first ("SELECT 'a', 1" has the columns "'a'" and "1", and
 * the "1" would come out first) and it rounds integers above 2^53. Pure, no I/O.
 */
import { AdapterError } from "../../errors";

const WS = /\s/;

const skipWs = (s: string, i: number): number => {
  while (i < s.length && WS.test(s[i] as string)) i++;
  return i;
};

const unexpected = (s: string, i: number): AdapterError =>
  new AdapterError("FAILED", `unexpected sqlite3 -json output at offset ${i}: ${JSON.stringify(s.slice(i, i + 40))}`);

const expectChar = (s: string, i: number, c: string): number => {
  const at = skipWs(s, i);
  if (s[at] !== c) throw unexpected(s, at);
  return at + 1;
};

/** Index just past the JSON string starting at `i` (a double quote). */
const stringEnd = (s: string, i: number): number => {
  for (let j = i + 1; j < s.length; j++) {
    if (s[j] === "\\") j++;
    else if (s[j] === '"') return j + 1;
  }
  throw unexpected(s, i);
};

const INTEGER = /^-?\d+$/;
const NUMBER = /^-?(?:\d+)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * Text as a check compares it: strings as they are, integers digit for digit, reals in their shortest
 * form (sqlite3 prints 0.1 as 0.10000000000000000555), null for no row and for SQL NULL. A BLOB arrives
 * as whatever text sqlite3 made of its bytes.
 */
export const firstJsonValue = (out: string): string | null => {
  let i = skipWs(out, 0);
  if (i >= out.length) return null; // sqlite3 prints nothing for a result without rows
  i = expectChar(out, i, "[");
  i = expectChar(out, i, "{");
  i = skipWs(out, i);
  if (out[i] === "}") return null;
  if (out[i] !== '"') throw unexpected(out, i);
  i = expectChar(out, stringEnd(out, i), ":");
  i = skipWs(out, i);
  if (out[i] === '"') return JSON.parse(out.slice(i, stringEnd(out, i))) as string;
  const token = /^[^,}\s]+/.exec(out.slice(i, i + 400))?.[0] ?? "";
  if (token === "null") return null;
  if (INTEGER.test(token)) return token;
  if (NUMBER.test(token)) return String(Number(token)); // 1e999 (an infinite REAL) becomes "Infinity"
  throw unexpected(out, i);
};
