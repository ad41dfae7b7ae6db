/** Profile picture (sniffed, re-encoded to a 256×256 WebP data URL, never a file) and display preferences. */
import sharp from "sharp";
import { beforeEach, describe, expect, it } from "vitest";
import { DELETE as removeImageRoute, PUT as putImageRoute } from "@/app/api/v1/profile/image/route";
import { db } from "@/server/db";
import { parseInput } from "@/server/http/guard";
import { SYSTEM_ACTOR } from "@/server/services/audit/audit-context";
import { getDateDisplay, getPreferences, getShellPreferences, updatePreferences } from "@/server/services/profile/preferences";
import { ZPreferences } from "@/server/services/profile/preferences.schema";
import { removeProfileImage, setProfileImage } from "@/server/services/profile/profile-image";
import { updateSettings } from "@/server/services/settings/update-settings";
import { formatDateTime } from "@/lib/format";
import { resetDb } from "./helpers/db";
import { makeUser, signIn } from "./helpers/users";

const ctx = { params: Promise.resolve({}) };
const actorOf = (u: { id: string; email: string }) => ({ kind: "user" as const, userId: u.id, email: u.email });
const decode = (dataUrl: string) => Buffer.from(dataUrl.replace(/^data:image\/webp;base64,/, ""), "base64");

beforeEach(async () => {
  await resetDb();
});

describe("profile picture", () => {
  it("resizes a wide PNG to a 256×256 WebP data URL, shows it in the shell, and removes it", async () => {
    const u = await makeUser("Viewer");
    const png = await sharp({ create: { width: 800, height: 400, channels: 3, background: "#3366ff" } }).png().toBuffer();
    const { image } = await setProfileImage({ userId: u.id, bytes: png, actor: actorOf(u) });
    expect(image).toMatch(/^data:image\/webp;base64,/);
    const meta = await sharp(decode(image)).metadata();
    expect(meta).toMatchObject({ format: "webp", width: 256, height: 256 });
    expect((await db.user.findUniqueOrThrow({ where: { id: u.id } })).image).toBe(image);
    expect((await getShellPreferences(u.id)).image).toBe(image);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "profile.image_set", resourceId: u.id } });
    expect(JSON.parse(audit.details!)).toMatchObject({ uploadedType: "png", uploadedBytes: png.length });
    expect(audit.details).not.toContain("base64");

    expect(await removeProfileImage({ userId: u.id, actor: actorOf(u) })).toEqual({ removed: true });
    expect((await getShellPreferences(u.id)).image).toBeNull();
    expect(await db.auditLog.count({ where: { action: "profile.image_remove", resourceId: u.id } })).toBe(1);
  });

  it("accepts JPEG and WebP by their bytes, whatever they are called", async () => {
    const u = await makeUser("Viewer");
    for (const fmt of ["jpeg", "webp"] as const) {
      const bytes = await sharp({ create: { width: 300, height: 500, channels: 3, background: "#ff0000" } })[fmt]().toBuffer();
      const { image } = await setProfileImage({ userId: u.id, bytes, actor: actorOf(u) });
      expect(await sharp(decode(image)).metadata()).toMatchObject({ format: "webp", width: 256, height: 256 });
    }
  });

  it("refuses a non-image, a broken image, an empty file and anything over 5 MB with a clear message", async () => {
    const u = await makeUser("Viewer");
    const actor = actorOf(u);
    await expect(setProfileImage({ userId: u.id, bytes: Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>"), actor })).rejects.toMatchObject({
      code: "VALIDATION",
      message: "That file is not a PNG, JPEG or WebP image.",
    });
    const gif = Buffer.from("GIF89a\x01\x00\x01\x00\x00\x00\x00;", "binary");
    await expect(setProfileImage({ userId: u.id, bytes: gif, actor })).rejects.toMatchObject({ message: "That file is not a PNG, JPEG or WebP image." });
    const truncated = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64)]);
    await expect(setProfileImage({ userId: u.id, bytes: truncated, actor })).rejects.toMatchObject({ message: "The file looks like a PNG but could not be read as an image." });
    await expect(setProfileImage({ userId: u.id, bytes: Buffer.alloc(0), actor })).rejects.toMatchObject({ message: "The file is empty." });
    const big = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(5 * 1024 * 1024)]);
    await expect(setProfileImage({ userId: u.id, bytes: big, actor })).rejects.toMatchObject({ message: "The image is larger than 5 MB." });
    expect((await db.user.findUniqueOrThrow({ where: { id: u.id } })).image).toBeNull();
    expect(await db.auditLog.count({ where: { action: "profile.image_set" } })).toBe(0);
  });

  it("the upload route takes raw bytes from the signed-in user and answers problems as 400", async () => {
    const u = await makeUser("Viewer");
    const headers = await signIn(u.email);
    const png = await sharp({ create: { width: 64, height: 64, channels: 4, background: "#00aa00ff" } }).png().toBuffer();
    const put = (body: BodyInit, h: Headers = headers) => putImageRoute(new Request("http://localhost:3999/api/v1/profile/image", { method: "PUT", headers: h, body }), ctx);
    const ok = await put(new Uint8Array(png));
    expect(ok.status).toBe(200);
    expect((await ok.json()).image).toMatch(/^data:image\/webp;base64,/);
    const bad = await put("just text");
    expect(bad.status).toBe(400);
    expect((await bad.json()).detail).toBe("That file is not a PNG, JPEG or WebP image.");
    const anon = await put(new Uint8Array(png), new Headers());
    expect(anon.status).toBe(401);
    const del = await removeImageRoute(new Request("http://localhost:3999/api/v1/profile/image", { method: "DELETE", headers }), ctx);
    expect(await del.json()).toEqual({ removed: true });
  });

  it("the shell shows only uploaded pictures, not a remote URL an identity provider left in the field", async () => {
    const u = await makeUser("Viewer");
    await db.user.update({ where: { id: u.id }, data: { image: "https://idp.example/avatar.png" } });
    expect((await getShellPreferences(u.id)).image).toBeNull();
  });
});

describe("preferences", () => {
  it("validates the time zone, date format and theme", () => {
    expect(parseInput(ZPreferences, { timezone: "Europe/Berlin", dateFormat: "iso", theme: "dark" })).toEqual({ timezone: "Europe/Berlin", dateFormat: "iso", theme: "dark" });
    expect(parseInput(ZPreferences, { timezone: "", dateFormat: "medium", theme: "system" }).timezone).toBeNull();
    expect(() => parseInput(ZPreferences, { timezone: "Mars/Olympus", dateFormat: "iso", theme: "dark" })).toThrow(/timezone: Unknown IANA time zone/);
    expect(() => parseInput(ZPreferences, { timezone: "UTC", dateFormat: "dd.mm.yyyy", theme: "dark" })).toThrow(/Pick one of the listed date formats/);
    expect(() => parseInput(ZPreferences, { timezone: "UTC", dateFormat: "iso", theme: "blue" })).toThrow(/Pick light, dark or system/);
  });

  it("stores them on the user, audits the change, and server pages format dates with them", async () => {
    const u = await makeUser("Viewer");
    await updateSettings({ patch: { "system.timezone": "Europe/London" }, actor: SYSTEM_ACTOR });
    expect(await getPreferences(u.id)).toEqual({ timezone: null, dateFormat: "medium", theme: "system" });
    expect(await getDateDisplay(u.id)).toEqual({ timeZone: "Europe/London", dateFormat: "medium" });

    await updatePreferences({ userId: u.id, data: parseInput(ZPreferences, { timezone: "America/New_York", dateFormat: "us", theme: "dark" }), actor: actorOf(u) });
    expect(await getPreferences(u.id)).toEqual({ timezone: "America/New_York", dateFormat: "us", theme: "dark" });
    expect((await getShellPreferences(u.id)).theme).toBe("dark");
    const display = await getDateDisplay(u.id);
    expect(display).toEqual({ timeZone: "America/New_York", dateFormat: "us" });
    const at = "2026-11-24T02:45:00Z";
    expect(formatDateTime(at, display.timeZone, display.dateFormat)).toBe("11/23/2026 9:45 PM");
    expect(formatDateTime(at, "Asia/Tokyo", "iso")).toBe("2026-11-24 11:45");
    expect(formatDateTime(at, "UTC", "medium")).toBe("24 Nov 2026, 02:45");
    expect(formatDateTime("2026-01-05T00:05:00Z", "UTC", "iso")).toBe("2026-01-05 00:05");
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "profile.preferences", resourceId: u.id } });
    expect(JSON.parse(audit.before!)).toEqual({ timezone: null, dateFormat: "medium", theme: "system" });
    expect(JSON.parse(audit.after!)).toEqual({ timezone: "America/New_York", dateFormat: "us", theme: "dark" });
  });
});
