/**
 * The drill's count comparison: each table recorded at backup time against the same table after the
 * restore. A table missing from the restore always fails; a count differing by more than the tolerance
 * fails. Tables that only the restore has are listed (expected null) and pass: the recording may have
 * been capped.
 */
export type TableRows = { name: string; rows: number };
export type CountComparison = { table: string; expected: number | null; restored: number | null; ok: boolean };

export const withinTolerance = (expected: number, restored: number, tolerancePercent: number): boolean =>
  Math.abs(restored - expected) <= Math.floor((expected * tolerancePercent) / 100);

export const compareCounts = (expected: readonly TableRows[], restored: readonly TableRows[], tolerancePercent = 0): CountComparison[] => {
  const got = new Map(restored.map((t) => [t.name, t.rows]));
  const out: CountComparison[] = expected.map((t) => {
    const r = got.get(t.name);
    return { table: t.name, expected: t.rows, restored: r ?? null, ok: r !== undefined && withinTolerance(t.rows, r, tolerancePercent) };
  });
  const known = new Set(expected.map((t) => t.name));
  for (const t of restored) if (!known.has(t.name)) out.push({ table: t.name, expected: null, restored: t.rows, ok: true });
  return out.sort((a, b) => a.table.localeCompare(b.table));
};

/** "orders: expected 2,500, restored 0; audit: missing after the restore" */
export const describeCountFailures = (rows: readonly CountComparison[]): string =>
  rows
    .filter((r) => !r.ok)
    .map((r) => (r.restored === null ? `${r.table}: missing after the restore` : `${r.table}: expected ${(r.expected ?? 0).toLocaleString("en-US")}, restored ${r.restored.toLocaleString("en-US")}`))
    .join("; ");
