// npm run docs:adapters — writes docs/adapters.md from the adapter registry's config schemas.
import fs from "node:fs";
import { renderAdapterDocs } from "@/server/services/adapters/render-adapter-docs";

fs.writeFileSync("docs/adapters.md", renderAdapterDocs());
console.log("wrote docs/adapters.md");
