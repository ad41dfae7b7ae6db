"use client";
import { ImageUp, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { toast } from "sonner";
import { FormAlert } from "@/components/forms/form-alert";
import { Avatar, AvatarFallback, AvatarImage } from "@/components/ui/avatar";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

const MAX_BYTES = 5 * 1024 * 1024;

const initials = (name: string) => name.split(/\s+/).filter(Boolean).map((p) => p[0]).join("").slice(0, 2).toUpperCase() || "?";

/** Talks to /api/v1/profile/image: uploads are larger than a server action body may be. */
const send = async (method: "PUT" | "DELETE", body?: File): Promise<string | null> => {
  const res = await fetch("/api/v1/profile/image", { method, body, headers: body ? { "content-type": "application/octet-stream" } : undefined });
  if (res.ok) return null;
  const problem = (await res.json().catch(() => null)) as { detail?: string } | null;
  return problem?.detail ?? `The server answered ${res.status}.`;
};

export function ProfileImageCard({ name, image }: { name: string; image: string | null }) {
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (method: "PUT" | "DELETE", file?: File) => {
    setError(null);
    if (file && file.size > MAX_BYTES) return setError("The image is larger than 5 MB.");
    setPending(true);
    const err = await send(method, file).catch(() => "Could not reach the server.");
    setPending(false);
    if (input.current) input.current.value = "";
    if (err) return setError(err);
    toast.success(method === "PUT" ? "Picture saved" : "Picture removed");
    router.refresh();
  };

  return (
    <Card>
      <CardHeader>
        <CardTitle>Picture</CardTitle>
        <CardDescription>Shown in the top bar instead of your initials. PNG, JPEG or WebP up to 5 MB, cropped to a 256×256 square.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <FormAlert message={error} />
        <div className="flex flex-wrap items-center gap-4">
          <Avatar className="size-16" data-testid="profile-image-preview">
            {image ? <AvatarImage src={image} alt="" /> : null}
            <AvatarFallback className="bg-primary/10 text-primary text-lg font-semibold">{initials(name)}</AvatarFallback>
          </Avatar>
          <input
            ref={input}
            type="file"
            accept="image/png,image/jpeg,image/webp"
            className="sr-only"
            id="profile-image-file"
            data-testid="profile-image-input"
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) void run("PUT", f);
            }}
          />
          <Button type="button" variant="outline" disabled={pending} onClick={() => input.current?.click()}>
            <ImageUp /> {pending ? "Uploading…" : image ? "Replace picture" : "Upload picture"}
          </Button>
          {image ? (
            <Button type="button" variant="ghost" disabled={pending} onClick={() => void run("DELETE")}>
              <Trash2 /> Remove
            </Button>
          ) : null}
        </div>
      </CardContent>
    </Card>
  );
}
