// Boot order: validate env (generating secrets on first start) → SQLite pragmas → seed defaults.
// Later: recover interrupted runs → start the scheduler → shutdown hooks.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { boot } = await import("@/server/boot");
  await boot();
}
