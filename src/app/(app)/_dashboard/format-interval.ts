/** "every hour", "every 30 min", "every day", "every 7 days": how often a schedule fires, in words. */
export const formatEvery = (ms: number | null): string => {
  if (ms === null) return "Manual";
  const min = Math.round(ms / 60_000);
  if (min < 60) return `every ${min} min`;
  const h = Math.round(min / 60);
  if (h < 24) return h === 1 ? "every hour" : `every ${h} h`;
  const d = Math.round(h / 24);
  return d === 1 ? "every day" : `every ${d} days`;
};

/** A compact age: "45 min", "5 h", "3 d". */
export const formatAge = (ms: number): string => {
  const min = Math.floor(ms / 60_000);
  if (min < 60) return `${Math.max(0, min)} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h`;
  return `${Math.floor(h / 24)} d`;
};

/** A restore time: "0.6 s", "41 s", "12 min", "2.5 h". */
export const formatRto = (ms: number): string => {
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 7_200_000) return `${Math.round(ms / 60_000)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
};
