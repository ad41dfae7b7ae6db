import fs from "node:fs/promises";
import path from "node:path";

/** Writes a file only the owner can read (mode 0600 from creation): option files that carry passwords. */
export const writeSecretFile = async (dir: string, name: string, content: string): Promise<string> => {
  const file = path.join(dir, name);
  await fs.writeFile(file, content, { mode: 0o600, flag: "wx" });
  return file;
};
