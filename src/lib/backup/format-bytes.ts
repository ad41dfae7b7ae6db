/** "12.3 MB" (decimal units, as people read sizes) */
export const formatBytes = (n: number): string => {
  if (!Number.isFinite(n) || n < 0) return `${n} B`;
  if (n < 1000) return `${n} B`;
  const units = ["kB", "MB", "GB", "TB", "PB"];
  let v = n;
  let u = -1;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v.toFixed(v >= 100 ? 0 : 1)} ${units[u]}`;
};
