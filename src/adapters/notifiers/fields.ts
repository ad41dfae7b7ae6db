/** Config fields several channels share. */
import { z } from "zod";
import type { FieldMeta } from "../types";

const isHttpUrl = (s: string): boolean => {
  try {
    const u = new URL(s);
    return u.protocol === "https:" || u.protocol === "http:";
  } catch {
    return false;
  }
};

export const httpUrl = (message = "Enter an http:// or https:// address") => z.string().trim().min(1, message).refine(isHttpUrl, message);

/** A webhook address carries its own token, so it is a secret: encrypted at rest and scrubbed from logs. */
export const webhookUrl = (title: string, placeholder: string, description: string) =>
  httpUrl().meta({ title, secret: true, placeholder, description } satisfies FieldMeta);

export const trimSlash = (s: string): string => s.replace(/\/+$/, "");
