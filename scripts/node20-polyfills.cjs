// Node 20 lacks Object.groupBy / Map.groupBy (Node 21+); the better-auth schema CLI (auth@1.7 via chevrotain 12) needs them.
if (!Object.groupBy) {
  Object.groupBy = (items, fn) => { const o = Object.create(null); let i = 0; for (const x of items) { const k = fn(x, i++); (o[k] ??= []).push(x); } return o; };
}
if (!Map.groupBy) {
  Map.groupBy = (items, fn) => { const m = new Map(); let i = 0; for (const x of items) { const k = fn(x, i++); if (!m.has(k)) m.set(k, []); m.get(k).push(x); } return m; };
}
