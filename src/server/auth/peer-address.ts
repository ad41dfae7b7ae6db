/**
 * Stamps the TCP peer address on each incoming request, before Next sees it. Next only fills
 * X-Forwarded-For when the client sent none, so without this the real socket address of a client that
 * sends its own header is lost and rate limits could be dodged by rotating it.
 */
import http from "node:http";
import https from "node:https";
import { PEER_HEADER } from "./trusted-proxies";

const g = globalThis as unknown as { bunkerPeerStamp?: boolean };

export const peerStampInstalled = (): boolean => g.bunkerPeerStamp === true;

export const installPeerAddressStamp = (): void => {
  if (g.bunkerPeerStamp) return;
  g.bunkerPeerStamp = true;
  for (const proto of [http.Server.prototype, https.Server.prototype]) {
    const emit = proto.emit;
    proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
      if (event === "request") {
        const req = args[0] as http.IncomingMessage;
        req.headers[PEER_HEADER] = req.socket?.remoteAddress ?? "unknown";
      }
      return (emit as (this: http.Server, e: string | symbol, ...a: unknown[]) => boolean).call(this, event, ...args);
    } as typeof proto.emit;
  }
};
