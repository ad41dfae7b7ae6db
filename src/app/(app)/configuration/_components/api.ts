/** Calls to the config routes from the page; errors come back as problem+json with field errors. */
export type ApiError = { message: string; fieldErrors?: Record<string, string[]> };

export const readProblem = async (res: Response): Promise<ApiError> => {
  try {
    const p = (await res.json()) as { detail?: string; errors?: Record<string, string[]> };
    return { message: p.detail ?? `HTTP ${res.status}`, ...(p.errors ? { fieldErrors: p.errors } : {}) };
  } catch {
    return { message: `HTTP ${res.status}` };
  }
};

export const fileNameOf = (res: Response, fallback: string): string => /filename="([^"]+)"/.exec(res.headers.get("content-disposition") ?? "")?.[1] ?? fallback;

/** Hands a blob to the browser as a download. */
export const saveBlob = (blob: Blob, fileName: string) => {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
};

export const toBase64 = async (file: File): Promise<string> => {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
};
