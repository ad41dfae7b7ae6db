import { CopyButton } from "./copy-button";

/** A public key in full, monospace and selectable, with a copy button. */
export function RecipientBox({ recipient, testId }: { recipient: string; testId?: string }) {
  return (
    <div className="bg-muted/50 flex items-start gap-1 rounded-md border py-1 pr-1 pl-3">
      <code data-testid={testId} className="min-w-0 flex-1 py-1 font-mono text-xs leading-5 break-all select-all">
        {recipient}
      </code>
      <CopyButton value={recipient} label="Copy public key" what="Public key copied" />
    </div>
  );
}

export const recoveryKitUrl = (profileId: string): string => `/api/v1/vault/${encodeURIComponent(profileId)}/recovery-kit`;
