/**
 * The job form's "what this policy would keep" preview: the same plan the retention sweep would make
 * (see planRetention for the rules), with the totals the form shows. Pure, like planRetention.
 */
import { planRetention, type RetainableBackup, type RetentionDecision, type RetentionOptions, type Retention } from "./plan-retention";

export type RetentionPreview = {
  /** Backups the policy would keep, locked and newest included */
  keep: number;
  /** Backups the next sweep would delete */
  delete: number;
  /** Every decision, newest first */
  decisions: RetentionDecision[];
};

export function previewRetention(backups: readonly RetainableBackup[], policy: Retention, opts: RetentionOptions): RetentionPreview {
  const decisions = planRetention(backups, policy, opts);
  const keep = decisions.filter((d) => d.keep).length;
  return { keep, delete: decisions.length - keep, decisions };
}
