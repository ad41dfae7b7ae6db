/**
 * The file name a download is saved as: the key's last segment, with [A-Za-z0-9._-] only (safe in a
 * Content-Disposition header and on every file system). "plain" drops the .age and .zst/.gz
 * extensions, since the bytes are what the dump tool wrote.
 */
import type { DownloadFormat } from "./storage.schema";

const STRIP_PLAIN = [/\.age$/, /\.(zst|gz)$/];

export const downloadFileName = (key: string, format: DownloadFormat): string => {
  let name = key.slice(key.lastIndexOf("/") + 1);
  if (format === "plain") for (const re of STRIP_PLAIN) name = name.replace(re, "");
  name = name.replace(/[^A-Za-z0-9._-]/g, "_").replace(/^\.+/, "_");
  return name === "" ? "backup" : name.slice(0, 200);
};

export const contentDisposition = (fileName: string): string => `attachment; filename="${fileName}"`;
