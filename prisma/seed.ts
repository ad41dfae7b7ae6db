// npm run db:seed — creates missing built-in groups and default settings (idempotent; boot does the same).
import { seedDefaults } from "@/server/services/seed/seed-defaults";

seedDefaults()
  .then((r) => {
    console.log(`seed: groups created: ${r.groupsCreated.join(", ") || "none"}; settings created: ${r.settingsCreated.length}`);
    process.exit(0);
  })
  .catch((e: unknown) => {
    console.error("seed failed:", e instanceof Error ? e.message : e);
    process.exit(1);
  });
