import { describe, expect, it } from "vitest";
import { contentDisposition, downloadFileName } from "@/server/services/storage/download-file-name";

describe("download file names", () => {
  const key = "shop-nightly/2026-11-23/shop-nightly_orders_20261123T020000Z.dump.zst.age";

  it("raw keeps the stored name; plain drops .age and then .zst/.gz", () => {
    expect(downloadFileName(key, "raw")).toBe("shop-nightly_orders_20261123T020000Z.dump.zst.age");
    expect(downloadFileName(key, "plain")).toBe("shop-nightly_orders_20261123T020000Z.dump");
    expect(downloadFileName("a/b/x.sql.gz", "plain")).toBe("x.sql");
    expect(downloadFileName("a/b/x.sql", "plain")).toBe("x.sql");
    expect(downloadFileName("a/b/x.rdb.age", "plain")).toBe("x.rdb");
  });

  it("is safe in a header and on disk: no quotes, slashes, control characters or leading dots", () => {
    expect(downloadFileName('a/b/we"ird\r\nname;.sql', "raw")).toBe("we_ird__name_.sql");
    expect(downloadFileName("a/b/..hidden", "raw")).toBe("_hidden");
    expect(downloadFileName("a/b/café.sql", "raw")).toBe("caf_.sql");
    expect(downloadFileName("", "raw")).toBe("backup");
    expect(contentDisposition("x.sql")).toBe('attachment; filename="x.sql"');
  });
});
