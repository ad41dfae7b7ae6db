/** Guards for server-rendered pages: no session → sign-in (or setup on a fresh instance); no permission → 403. */
import { forbidden, redirect } from "next/navigation";
import { can } from "@/server/rbac/permissions";
import { isSetupComplete } from "@/server/services/setup/get-setup-state";
import { type Caller } from "./caller";
import { currentCaller } from "./action";
import type { Access } from "./guard";

export const requirePage = async (access: Exclude<Access, "public">): Promise<Caller> => {
  const caller = await currentCaller();
  if (!caller) redirect((await isSetupComplete()) ? "/sign-in" : "/setup");
  // A group that requires 2FA keeps a member without one on their profile until they enrol.
  if (caller.needsTwoFactor && access !== "authenticated") redirect("/profile?twoFactor=required");
  if (access !== "authenticated" && !can(caller.grant, access)) forbidden();
  return caller;
};
