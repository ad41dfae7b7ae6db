/** Child Bunker processes for the crash tests: spawn one, walk its process tree, wait for a condition. */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import path from "node:path";

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const childrenOf = (pid: number): Array<{ pid: number; comm: string }> => {
  let out: string;
  try {
    out = execFileSync("ps", ["-o", "pid=,comm=", "--ppid", String(pid)], { encoding: "utf8" });
  } catch {
    return [];
  }
  return out
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((l) => {
      const [p, comm] = l.trim().split(/\s+/);
      return { pid: Number(p), comm: comm ?? "" };
    });
};

/** The whole process tree below `pid` */
export const descendants = (pid: number): Array<{ pid: number; comm: string }> => childrenOf(pid).flatMap((c) => [c, ...descendants(c.pid)]);

export const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

export const waitFor = async <T>(what: string, fn: () => T | undefined | Promise<T | undefined>, timeoutMs = 60_000): Promise<T> => {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
};

/** Spawns a child Bunker process (a script in ../fixtures) and resolves with it and the execution id it printed. */
export const spawnChildRun = async (script: string, jobId: string, extra: string[] = []): Promise<{ child: ChildProcess; executionId: string; exited: Promise<number | null> }> => {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(__dirname, "..", "fixtures", script), jobId, ...extra], { env: process.env, stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let out = "";
  let err = "";
  child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  const executionId = await new Promise<string>((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /execution (\S+)\n/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    void exited.then(() => reject(new Error(`the child exited early: ${err}`)));
    setTimeout(() => reject(new Error(`no execution id from the child: ${err}`)), 60_000).unref();
  });
  return { child, executionId, exited };
};
