// Only for `npm run auth:schema`: the better-auth CLI reads this to write the auth models into
// prisma/schema.prisma. It lists every plugin Bunker uses (or will), so the schema is complete even
// where the runtime instance (src/server/auth.ts) has not switched a plugin on yet.
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { admin, twoFactor } from "better-auth/plugins";
import { passkey } from "@better-auth/passkey";
import { sso } from "@better-auth/sso";
import { apiKey } from "@better-auth/api-key";

export const auth = betterAuth({
  database: prismaAdapter({} as never, { provider: "sqlite" }),
  emailAndPassword: { enabled: true },
  user: { additionalFields: { groupId: { type: "string", required: false, input: false } } },
  telemetry: { enabled: false },
  plugins: [twoFactor(), passkey(), sso(), admin(), apiKey()],
});
