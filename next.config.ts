import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native addons (better-sqlite3, ssh2's optional crypto binding): required at run time, not bundled.
  serverExternalPackages: ["better-sqlite3", "ssh2"],
  // The Docker image builds with BUNKER_STANDALONE=1 and runs the standalone server (node server.js);
  // `npm start` uses `next start`, which does not support standalone output.
  output: process.env.BUNKER_STANDALONE === "1" ? "standalone" : undefined,
  // The test suite builds the standalone server into its own dist dir next to the regular build.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  typedRoutes: false,
  // forbidden() renders app/forbidden.tsx with a real 403 when a page is opened without the permission.
  experimental: { authInterrupts: true },
};

export default nextConfig;
