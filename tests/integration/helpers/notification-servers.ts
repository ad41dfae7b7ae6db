/**
 * Local receivers for notification tests: an HTTP server that records every request (and answers
 * with scripted statuses), and an in-process SMTP capture server (smtp-server + mailparser).
 * Both listen on 127.0.0.1, port 0. CommonJS-safe: the e2e spec imports it too.
 */
import http from "node:http";
import net from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer, type SMTPServerOptions } from "smtp-server";

export type RecordedRequest = { method: string; path: string; headers: http.IncomingHttpHeaders; body: string; json: unknown };

export type RecordingServer = {
  url: string;
  requests: RecordedRequest[];
  /** Statuses for the next requests, in order; once used up, every request gets 200 */
  script: (statuses: number[]) => void;
  /** Requests to this path prefix are never answered (for timeouts) */
  hang: (pathPrefix: string) => void;
  waitFor: (pred: (r: RecordedRequest) => boolean, timeoutMs?: number) => Promise<RecordedRequest>;
  close: () => Promise<void>;
};

export const startRecordingServer = async (): Promise<RecordingServer> => {
  const requests: RecordedRequest[] = [];
  let queue: number[] = [];
  const hanging: string[] = [];
  const sockets = new Set<net.Socket>();
  const srv = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      let json: unknown;
      try {
        json = body ? JSON.parse(body) : null;
      } catch {
        json = null;
      }
      requests.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers, body, json });
      if (hanging.some((p) => (req.url ?? "").startsWith(p))) return;
      const status = queue.shift() ?? 200;
      res.writeHead(status, { "content-type": "application/json" });
      res.end(status < 300 ? '{"ok":true}' : JSON.stringify({ ok: false, description: `scripted ${status}` }));
    });
  });
  srv.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const { port } = srv.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script: (s) => {
      queue = [...s];
    },
    hang: (p) => hanging.push(p),
    waitFor: async (pred, timeoutMs = 15_000) => {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const hit = requests.find(pred);
        if (hit) return hit;
        if (Date.now() > until) throw new Error(`no matching request within ${timeoutMs} ms; got ${requests.map((r) => `${r.method} ${r.path}`).join(", ") || "none"}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => srv.close(() => r()));
    },
  };
};

export type CapturedMail = { from: string; to: string[]; mail: ParsedMail };

export type SmtpCapture = {
  port: number;
  inbox: CapturedMail[];
  waitFor: (pred: (m: CapturedMail) => boolean, timeoutMs?: number) => Promise<CapturedMail>;
  close: () => Promise<void>;
};

/** An SMTP server that accepts user "mailer" / password "pw"; options override (e.g. key/cert for STARTTLS). */
export const startSmtpCapture = async (options: Partial<SMTPServerOptions> = {}): Promise<SmtpCapture> => {
  const inbox: CapturedMail[] = [];
  const srv = new SMTPServer({
    logger: false,
    authMethods: ["PLAIN", "LOGIN"],
    allowInsecureAuth: true,
    hideSTARTTLS: true,
    onAuth(auth, _session, cb) {
      if (auth.username === "mailer" && auth.password === "pw") cb(null, { user: auth.username });
      else cb(new Error("Invalid username or password"));
    },
    onData(stream, session, cb) {
      simpleParser(stream).then(
        (mail) => {
          inbox.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "", to: session.envelope.rcptTo.map((r) => r.address), mail });
          cb();
        },
        (e: Error) => cb(e),
      );
    },
    ...options,
  });
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.server.address() as net.AddressInfo).port;
  return {
    port,
    inbox,
    waitFor: async (pred, timeoutMs = 15_000) => {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const hit = inbox.find(pred);
        if (hit) return hit;
        if (Date.now() > until) throw new Error(`no matching mail within ${timeoutMs} ms; got ${inbox.length}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    close: () => new Promise<void>((r) => srv.close(() => r())),
  };
};

/** A TCP server that accepts connections and never says a word: a dead SMTP server. */
export const startSilentServer = async (): Promise<{ port: number; close: () => Promise<void> }> => {
  const sockets = new Set<net.Socket>();
  const srv = net.createServer((s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
    s.on("error", () => undefined);
  });
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  return {
    port: (srv.address() as net.AddressInfo).port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => srv.close(() => r()));
    },
  };
};
