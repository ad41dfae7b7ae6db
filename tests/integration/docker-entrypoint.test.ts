/**
 * docker/entrypoint.sh outside a container (no Docker engine here): the real script and env validator
 * in a fake /app whose migrate script and server are stubs that record what happened. Checks: a bad
 * environment starts nothing; migrations run before the server; a failed migration starts nothing;
 * as root, the volumes are given to PUID:PGID and the server runs as that user; SIGTERM reaches the
 * server (the script execs it).
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");
let dir: string;
let app: string;
let data: string;
let backups: string;
let events: string;

const MIGRATE_STUB = `
import fs from "node:fs";
fs.appendFileSync(process.env.EVENTS, "migrate " + process.getuid() + " " + process.cwd() + "\\n");
if (process.env.FAIL_MIGRATION === "1") { console.error("P3009: a failed migration"); process.exit(1); }
`;
const SERVER_STUB = `
const fs = require("node:fs");
fs.appendFileSync(process.env.EVENTS, "server " + process.getuid() + " " + process.pid + "\\n");
process.on("SIGTERM", () => { fs.appendFileSync(process.env.EVENTS, "sigterm\\n"); process.exit(0); });
setInterval(() => {}, 1000);
`;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "bunker-entrypoint-"));
  app = path.join(dir, "app");
  data = path.join(dir, "data");
  backups = path.join(dir, "backups");
  events = path.join(dir, "events.log");
  fs.mkdirSync(path.join(app, "scripts"), { recursive: true });
  fs.mkdirSync(path.join(app, "docker"), { recursive: true });
  fs.copyFileSync(path.join(ROOT, "docker/entrypoint.sh"), path.join(app, "docker/entrypoint.sh"));
  fs.copyFileSync(path.join(ROOT, "docker/validate-env.mjs"), path.join(app, "docker/validate-env.mjs"));
  fs.writeFileSync(path.join(app, "scripts/prisma-migrate.mjs"), MIGRATE_STUB);
  fs.writeFileSync(path.join(app, "server.js"), SERVER_STUB);
  fs.writeFileSync(events, "");
  // The unprivileged user must reach the fake app and write the event log.
  for (const p of [dir, app, path.join(app, "scripts"), path.join(app, "docker")]) fs.chmodSync(p, 0o755);
  fs.chmodSync(events, 0o666);
});

afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const baseEnv = (extra: Record<string, string> = {}) => ({
  PATH: process.env.PATH ?? "/usr/bin:/bin",
  EVENTS: events,
  BUNKER_APP_DIR: app,
  DATA_DIR: data,
  BUNKER_BACKUPS_DIR: backups,
  ...extra,
});

const start = (env: Record<string, string>): { child: ChildProcess; output: () => string; exit: Promise<number | null> } => {
  const child = spawn("sh", [path.join(app, "docker/entrypoint.sh")], { env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout?.on("data", (b: Buffer) => (out += b.toString()));
  child.stderr?.on("data", (b: Buffer) => (out += b.toString()));
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => out, exit };
};

const lines = () => fs.readFileSync(events, "utf8").trim().split("\n").filter(Boolean);

const waitFor = async (pred: () => boolean, ms = 10_000) => {
  const t0 = Date.now();
  while (!pred()) {
    if (Date.now() - t0 > ms) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe("docker/entrypoint.sh", () => {
  it("refuses a bad environment with every problem listed, and starts nothing", async () => {
    fs.mkdirSync(path.join(dir, "secrets"));
    const run = start(
      baseEnv({
        BUNKER_RUN_AS_ROOT: "1",
        ENCRYPTION_KEY: "too-short",
        BETTER_AUTH_SECRET_FILE: path.join(dir, "secrets/missing"),
        PORT: "http",
        DATABASE_URL: "postgres://db/bunker",
      }),
    );
    expect(await run.exit).toBe(1);
    const out = run.output();
    expect(out).toContain("4 problems; nothing was started");
    expect(out).toContain("ENCRYPTION_KEY must be 32 bytes");
    expect(out).toMatch(/BETTER_AUTH_SECRET_FILE .*missing does not exist/);
    expect(out).toContain('PORT must be a number, got "http"');
    expect(out).toContain("DATABASE_URL must be a SQLite file: URL");
    expect(lines()).toEqual([]);
  });

  it("refuses NAME and NAME_FILE together, and an empty secret file", async () => {
    const f = path.join(dir, "empty");
    fs.writeFileSync(f, "\n");
    const run = start(baseEnv({ BUNKER_RUN_AS_ROOT: "1", ENCRYPTION_KEY: "x", ENCRYPTION_KEY_FILE: f, BETTER_AUTH_SECRET_FILE: f }));
    expect(await run.exit).toBe(1);
    expect(run.output()).toContain("set ENCRYPTION_KEY or ENCRYPTION_KEY_FILE, not both");
    expect(run.output()).toContain(`BETTER_AUTH_SECRET_FILE ${f} is empty`);
  });

  it("migrates first (in the app dir), then execs the server, which gets SIGTERM directly", async () => {
    const key = Buffer.alloc(32, 7).toString("base64");
    const keyFile = path.join(dir, "key");
    fs.writeFileSync(keyFile, `${key}\n`);
    const run = start(baseEnv({ BUNKER_RUN_AS_ROOT: "1", ENCRYPTION_KEY_FILE: keyFile, PORT: "3123" }));
    await waitFor(() => lines().some((l) => l.startsWith("server")));
    const [migrate, server] = lines();
    expect(migrate).toMatch(new RegExp(`^migrate \\d+ ${app.replace(/[/.]/g, "\\$&")}$`));
    // exec: the server is the entrypoint's own process, so `docker stop` signals it, not a shell.
    expect(server).toBe(`server ${process.getuid?.()} ${run.child.pid}`);
    run.child.kill("SIGTERM");
    expect(await run.exit).toBe(0);
    expect(lines().at(-1)).toBe("sigterm");
  });

  it("does not start the server when migrations fail", async () => {
    const run = start(baseEnv({ BUNKER_RUN_AS_ROOT: "1", FAIL_MIGRATION: "1" }));
    expect(await run.exit).toBe(1);
    expect(run.output()).toContain("migrations failed: Bunker was not started");
    expect(lines()).toHaveLength(1);
  });

  it.skipIf(process.getuid?.() !== 0)("as root: gives the volumes to PUID:PGID, then runs everything as that user", async () => {
    fs.mkdirSync(data);
    fs.mkdirSync(backups);
    const run = start(baseEnv({ PUID: "65534", PGID: "65534" }));
    await waitFor(() => lines().some((l) => l.startsWith("server")));
    for (const d of [data, backups]) {
      const st = fs.statSync(d);
      expect([st.uid, st.gid]).toEqual([65534, 65534]);
    }
    expect(lines().map((l) => l.split(" ").slice(0, 2).join(" "))).toEqual(["migrate 65534", "server 65534"]);
    expect(run.output()).toContain(`giving ${data} to uid 65534 gid 65534`);
    run.child.kill("SIGTERM");
    expect(await run.exit).toBe(0);
  });

  it.skipIf(process.getuid?.() !== 0)("as root with an unreadable secret file: says which uid cannot read it", async () => {
    const f = path.join(dir, "root-only");
    fs.writeFileSync(f, Buffer.alloc(32, 1).toString("base64"));
    fs.chmodSync(f, 0o600);
    const run = start(baseEnv({ PUID: "65534", PGID: "65534", ENCRYPTION_KEY_FILE: f }));
    expect(await run.exit).toBe(1);
    expect(run.output()).toContain(`ENCRYPTION_KEY_FILE ${f} is not readable by uid 65534`);
  });
});
