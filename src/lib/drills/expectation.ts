/**
 * The expectation of a drill's SQL check, written by people: "> 0", ">= 10", "= 5", "!= 0", "<> 0",
 * "between 1 and 10", "= 'ok'", "is null", "is not null". The check's value is the first column of
 * the first row, as text (null when there is no row or the value is SQL NULL).
 */
export type Expectation =
  | { op: ">" | ">=" | "<" | "<=" | "=" | "!="; value: number }
  | { op: "=" | "!="; text: string }
  | { op: "between"; min: number; max: number }
  | { op: "is null" | "is not null" };

const NUMBER = String.raw`[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?`;

export const parseExpectation = (input: string): Expectation => {
  const s = input.trim();
  let m = new RegExp(`^between\\s+(${NUMBER})\\s+and\\s+(${NUMBER})$`, "i").exec(s);
  if (m) {
    const min = Number(m[1]);
    const max = Number(m[2]);
    if (min > max) throw new Error(`"${s}": the lower bound is above the upper one`);
    return { op: "between", min, max };
  }
  if (/^is\s+null$/i.test(s)) return { op: "is null" };
  if (/^is\s+not\s+null$/i.test(s)) return { op: "is not null" };
  m = new RegExp(`^(>=|<=|!=|<>|==|=|>|<)\\s*(${NUMBER})$`, "i").exec(s);
  if (m) {
    const raw = m[1] as string;
    const op = raw === "<>" ? "!=" : raw === "==" ? "=" : (raw as ">" | ">=" | "<" | "<=" | "=" | "!=");
    return { op, value: Number(m[2]) };
  }
  m = /^(=|==|!=|<>)\s*'((?:[^']|'')*)'$/.exec(s);
  if (m) return { op: m[1] === "=" || m[1] === "==" ? "=" : "!=", text: (m[2] as string).replace(/''/g, "'") };
  throw new Error(`"${s}" is not an expectation: write > 0, >= 10, = 5, != 0, between 1 and 10, = 'text', is null or is not null`);
};

export const describeExpectation = (e: Expectation): string => {
  switch (e.op) {
    case "between":
      return `between ${e.min} and ${e.max}`;
    case "is null":
    case "is not null":
      return e.op;
    default:
      return "text" in e ? `${e.op} '${e.text}'` : `${e.op} ${e.value}`;
  }
};

/** Whether the value meets the expectation; a non-number compared with a number never does. */
export const meetsExpectation = (e: Expectation, actual: string | null): boolean => {
  if (e.op === "is null") return actual === null;
  if (e.op === "is not null") return actual !== null;
  if (actual === null) return false;
  if ("text" in e) return e.op === "=" ? actual === e.text : actual !== e.text;
  const t = actual.trim();
  if (t === "" || !Number.isFinite(Number(t))) return false;
  const n = Number(t);
  switch (e.op) {
    case "between":
      return n >= e.min && n <= e.max;
    case ">":
      return n > e.value;
    case ">=":
      return n >= e.value;
    case "<":
      return n < e.value;
    case "<=":
      return n <= e.value;
    case "=":
      return n === e.value;
    case "!=":
      return n !== e.value;
  }
};

/** The error of an unreadable expectation, or null (for the form). */
export const expectationError = (input: string): string | null => {
  try {
    parseExpectation(input);
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
};
