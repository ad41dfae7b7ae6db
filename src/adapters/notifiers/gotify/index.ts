import { httpNotifier } from "../http-notifier";
import type { GotifyConfig } from "./config";
import { gotifyBody, gotifyUrl } from "./format";

export const gotifyNotifier = httpNotifier<GotifyConfig>({
  build: (c, m) => ({ method: "POST", url: gotifyUrl(c), headers: { "x-gotify-key": c.appToken }, body: { json: gotifyBody(c, m) } }),
  secrets: (c) => [c.appToken],
});
