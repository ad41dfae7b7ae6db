import type { Metadata } from "next";
import { requirePage } from "@/server/http/page";
import { can } from "@/server/rbac/permissions";
import { listProfiles } from "@/server/services/vault/list-profiles";
import type { ProfileRow } from "./_components/types";
import { VaultView } from "./_components/vault-view";

export const metadata: Metadata = { title: "Vault" };

export default async function VaultPage() {
  const caller = await requirePage("vault:read");
  const profiles: ProfileRow[] = (await listProfiles()).map((p) => ({
    id: p.id,
    name: p.name,
    description: p.description,
    recipient: p.recipient,
    createdAt: p.createdAt.toISOString(),
    jobCount: p.jobCount,
    backupCount: p.backupCount,
    jobNames: p.jobNames,
  }));
  return (
    <div className="grid gap-6">
      <VaultView profiles={profiles} canWrite={can(caller.grant, "vault:write")} />
    </div>
  );
}
