import type { Metadata } from "next";
import { PageHeader } from "@/components/common/page-header";
import { requirePage } from "@/server/http/page";
import { PasswordForm } from "./_components/password-form";
import { ProfileForm } from "./_components/profile-form";

export const metadata: Metadata = { title: "Profile" };

export default async function ProfilePage() {
  const caller = await requirePage("authenticated");
  return (
    <div className="grid max-w-3xl gap-6">
      <PageHeader title="Profile" description={`Your account. You are in the ${caller.groupName} group.`} />
      <ProfileForm name={caller.name} email={caller.email} />
      <PasswordForm />
    </div>
  );
}
