import { db } from "@/server/db";
import { type SsoProviderDto, toSsoProviderDto } from "./sso-provider-dto";

export const listSsoProviders = async (): Promise<SsoProviderDto[]> =>
  (await db.ssoProvider.findMany({ orderBy: [{ name: "asc" }, { providerId: "asc" }] })).map(toSsoProviderDto);
