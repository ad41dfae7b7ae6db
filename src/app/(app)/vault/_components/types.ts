/** A profile as the vault page shows it: public facts only. */
export type ProfileRow = {
  id: string;
  name: string;
  description: string | null;
  recipient: string;
  createdAt: string;
  jobCount: number;
  backupCount: number;
  jobNames: string[];
};

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
