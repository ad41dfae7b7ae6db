/** A page's `searchParams` prop as Next.js passes it. */
export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** One value of a search param: the first of a repeated one; an empty one counts as absent. */
export const firstParam = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v) || undefined;

/** `path` with the params that have a value as its query (`path` alone when none has). */
export const hrefWithParams = (path: string, params: Record<string, string | undefined>): string => {
  const qs = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => !!e[1])).toString();
  return qs ? `${path}?${qs}` : path;
};
