import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";

const NOT_FOUND = 'HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: 21\r\nConnection: close\r\n\r\n{"error":"not found"}';

function pathOf(url = "/"): string | undefined {
  try {
    return new URL(url, "http://localhost").pathname;
  } catch {
    return undefined;
  }
}

/**
 * Answers an upgrade request with a plain HTTP refusal and closes the socket once it is written.
 * end() alone would wait for the client's end too (the HTTP server keeps sockets half-open), and
 * an upgrade's socket is no longer the server's to cut on stop: a client that never closes, or
 * whose unread body fills the buffers, would hold server.close() for ever (the long fuzz run).
 */
export function refuseUpgrade(socket: Duplex, response: string): void {
  socket.once("finish", () => socket.destroy());
  socket.end(response);
}

/**
 * Answers an upgrade to a path that no socket handler serves with the listener's 404. Once a server
 * has an 'upgrade' listener Node leaves every upgrade to the listeners, and one that none of them
 * takes would hold its socket open (found by the fuzz suite: `/auth/ws/register/x` never answered).
 */
export function refuseUnclaimedUpgrades(server: Server, claimed: ReadonlySet<string | undefined>): void {
  server.on("upgrade", (req: IncomingMessage, socket: Duplex) => {
    if (!claimed.has(pathOf(req.url))) refuseUpgrade(socket, NOT_FOUND);
  });
}
