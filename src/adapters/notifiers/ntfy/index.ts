import { httpNotifier } from "../http-notifier";
import type { NtfyConfig } from "./config";
import { ntfyRequest } from "./format";

export const ntfyNotifier = httpNotifier<NtfyConfig>({
  build: (c, m) => {
    const r = ntfyRequest(c, m);
    return { method: "POST", url: r.url, headers: r.headers, body: { json: r.body } };
  },
  secrets: (c) => [c.accessToken, c.password, c.username && c.password ? Buffer.from(`${c.username}:${c.password}`).toString("base64") : undefined],
});
