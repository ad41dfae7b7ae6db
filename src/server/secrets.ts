/** The app's master keyring bound to the secrets-at-rest helpers. */
import { openSecret, rewrapSecret, sealSecret } from "@/lib/crypto/secrets";
import { env } from "@/server/env";

export const seal = (plaintext: string, context: string): string => sealSecret(plaintext, env().keyring, context);
export const unseal = (sealed: string, context: string): string => openSecret(sealed, env().keyring, context);
export const rewrap = (sealed: string, context: string): string => rewrapSecret(sealed, env().keyring, context);
