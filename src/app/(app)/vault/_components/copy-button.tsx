"use client";
import { Check, Copy } from "lucide-react";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";

/** Copies public text (a recipient) to the clipboard, with a moment of feedback on the button. */
export function CopyButton({ value, label, what = "Copied" }: { value: string; label: string; what?: string }) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const t = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(t);
  }, [copied]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      toast.success(what);
    } catch {
      toast.error("The browser refused the clipboard (it needs HTTPS or localhost). Select the text and copy it instead.");
    }
  };

  return (
    <Button type="button" variant="ghost" size="icon-sm" aria-label={label} title={label} onClick={() => void copy()}>
      {copied ? <Check className="text-success" /> : <Copy />}
    </Button>
  );
}
