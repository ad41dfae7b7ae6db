import sharp from "sharp";
import { sniffImageType } from "@/lib/images/sniff-image-type";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { Actor } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";

export const PROFILE_IMAGE_MAX_BYTES = 5 * 1024 * 1024;
export const PROFILE_IMAGE_SIZE = 256;

/**
 * Any accepted upload becomes one small WebP, stored as a data URL in User.image (better-auth's
 * field): nothing is written to disk, and re-encoding drops metadata (EXIF, GPS) and anything that
 * is not pixels.
 */
export const setProfileImage = async ({ userId, bytes, actor }: { userId: string; bytes: Uint8Array; actor: Actor }): Promise<{ image: string }> => {
  if (bytes.length === 0) throw new AppError("VALIDATION", "The file is empty.");
  if (bytes.length > PROFILE_IMAGE_MAX_BYTES) throw new AppError("VALIDATION", "The image is larger than 5 MB.");
  const type = sniffImageType(bytes);
  if (!type) throw new AppError("VALIDATION", "That file is not a PNG, JPEG or WebP image.");
  let webp: Buffer;
  try {
    webp = await sharp(bytes, { limitInputPixels: 50_000_000, pages: 1 })
      .rotate() // honour the camera's EXIF orientation before it is stripped
      .resize(PROFILE_IMAGE_SIZE, PROFILE_IMAGE_SIZE, { fit: "cover" })
      .webp({ quality: 82 })
      .toBuffer();
  } catch {
    throw new AppError("VALIDATION", `The file looks like a ${type.toUpperCase()} but could not be read as an image.`);
  }
  const image = `data:image/webp;base64,${webp.toString("base64")}`;
  const before = await db.user.findUnique({ where: { id: userId }, select: { image: true } });
  if (!before) throw new AppError("NOT_FOUND", "Your account no longer exists.");
  await db.user.update({ where: { id: userId }, data: { image } });
  await recordAudit({
    actor,
    action: "profile.image_set",
    resourceType: "user",
    resourceId: userId,
    details: { uploadedType: type, uploadedBytes: bytes.length, storedBytes: webp.length, replaced: !!before.image },
  });
  return { image };
};

export const removeProfileImage = async ({ userId, actor }: { userId: string; actor: Actor }): Promise<{ removed: boolean }> => {
  const before = await db.user.findUnique({ where: { id: userId }, select: { image: true } });
  if (!before) throw new AppError("NOT_FOUND", "Your account no longer exists.");
  if (!before.image) return { removed: false };
  await db.user.update({ where: { id: userId }, data: { image: null } });
  await recordAudit({ actor, action: "profile.image_remove", resourceType: "user", resourceId: userId });
  return { removed: true };
};
