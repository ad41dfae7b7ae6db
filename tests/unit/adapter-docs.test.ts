import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { renderAdapterDocs } from "@/server/services/adapters/render-adapter-docs";

describe("docs/adapters.md", () => {
  it("matches the registry's schemas (run npm run docs:adapters after changing an adapter)", () => {
    expect(fs.readFileSync("docs/adapters.md", "utf8")).toBe(renderAdapterDocs());
  });
});
