/** The signed-in user's profile picture. A route, not a server action: uploads exceed the 1 MB action body limit. */
import { AppError } from "@/server/errors";
import { withRoute } from "@/server/http/route";
import { PROFILE_IMAGE_MAX_BYTES, removeProfileImage, setProfileImage } from "@/server/services/profile/profile-image";
import { ZProfileImageRemoved, ZProfileImageSet } from "@/server/services/profile/profile.responses";

export const dynamic = "force-dynamic";

/** A person's own picture: changed from a signed-in browser, never by an API key acting for them. */
const requireSession = (apiKeyId: string | null | undefined) => {
  if (apiKeyId) throw new AppError("FORBIDDEN", "API keys cannot change a profile picture: sign in to do it.");
};

/** Reads at most the limit plus one byte, so an oversized upload is refused without being held whole. */
const readCapped = async (req: Request, max: number): Promise<Uint8Array> => {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > max) throw new AppError("VALIDATION", "The image is larger than 5 MB.");
  if (!req.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > max) {
      await reader.cancel();
      throw new AppError("VALIDATION", "The image is larger than 5 MB.");
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
};

// PUT /api/v1/profile/image  (raw image bytes: PNG, JPEG or WebP up to 5 MB) → { image: data URL }; audited as profile.image_set
export const PUT = withRoute({
  name: "profile.image-set",
  access: "authenticated",
  summary: "Set your profile image",
  responses: {
    200: { description: "The stored picture", schema: ZProfileImageSet },
    400: { description: "Empty, larger than 5 MB, or not a readable PNG, JPEG or WebP image" },
    403: { description: "Called with an API key: only a signed-in browser may change it" },
  },
  handler: async ({ req, caller, actor }) => {
    requireSession(caller.apiKeyId);
    const bytes = await readCapped(req, PROFILE_IMAGE_MAX_BYTES);
    return Response.json(await setProfileImage({ userId: caller.userId, bytes, actor }));
  },
});

// DELETE /api/v1/profile/image → { removed }; audited as profile.image_remove
export const DELETE = withRoute({
  name: "profile.image-remove",
  access: "authenticated",
  summary: "Remove your profile image",
  responses: {
    200: { description: "Removed, or there was none", schema: ZProfileImageRemoved },
    403: { description: "Called with an API key: only a signed-in browser may change it" },
  },
  handler: async ({ caller, actor }) => {
    requireSession(caller.apiKeyId);
    return removeProfileImage({ userId: caller.userId, actor });
  },
});
