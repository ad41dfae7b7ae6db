/** One line that tells configs apart in a list: where it points, from the common field names. */
export const adapterSummary = (values: Record<string, unknown>): string => {
  const s = (k: string) => (typeof values[k] === "string" || typeof values[k] === "number" ? String(values[k]) : "");
  if (s("bucket")) return `${s("bucket")}${s("prefix") ? `/${s("prefix")}` : ""}${s("endpoint") ? ` @ ${s("endpoint").replace(/^https?:\/\//, "")}` : ""}`;
  if (s("host")) return `${s("username") || s("user") ? `${s("username") || s("user")}@` : ""}${s("host")}${s("port") ? `:${s("port")}` : ""}${s("path") ? s("path") : ""}`;
  return s("path");
};
