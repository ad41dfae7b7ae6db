/** The JSON a DrillResult row holds, and how it is read back (defensively: it is stored text). */
import type { CountComparison } from "@/lib/drills/compare-counts";

export type DrillTableCount = CountComparison & { database: string };

export type DrillCheckResult = {
  name: string;
  sql: string;
  expectation: string;
  database: string;
  actual: string | null;
  passed: boolean;
  error?: string;
};

const list = <T>(json: string | null | undefined): T[] => {
  try {
    const v: unknown = JSON.parse(json ?? "[]");
    return Array.isArray(v) ? (v as T[]) : [];
  } catch {
    return [];
  }
};

export const parseTableCounts = (json: string | null | undefined): DrillTableCount[] => list<DrillTableCount>(json);
export const parseCheckResults = (json: string | null | undefined): DrillCheckResult[] => list<DrillCheckResult>(json);
