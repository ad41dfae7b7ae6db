// Boot order: validate env (generating secrets on first start) → SQLite pragmas → seed defaults.
// Later: recover interrupted runs → start the scheduler → shutdown hooks.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // First: every request must carry the socket address before any route reads a client IP.
  (await import("@/server/auth/peer-address")).installPeerAddressStamp();
  const { boot } = await import("@/server/boot");
  await boot();
}
