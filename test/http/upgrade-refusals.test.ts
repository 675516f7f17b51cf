import { connect, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { startTestServer } from "#test/support/server.js";

const BODY = Buffer.alloc(256 * 1024, 0x61);

/** An upgrade request the server refuses, from a client that sends a body and then neither reads on nor closes. */
async function stubbornUpgrade(url: string, path: string, headers: Record<string, string> = {}): Promise<{ socket: Socket; firstLine: Promise<string>; ended: Promise<unknown> }> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  await new Promise((resolve) => socket.once("connect", resolve));
  // The server's end of the socket going away: the client reads its end, or a reset (having sent a body never read).
  const ended = new Promise((resolve) => (socket.once("end", resolve), socket.once("error", resolve)));
  const lines = Object.entries({ host: `${hostname}:${port}`, upgrade: "websocket", connection: "Upgrade", "sec-websocket-version": "13", "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==", "content-length": String(BODY.length), ...headers });
  socket.write(`GET ${path} HTTP/1.1\r\n${lines.map(([k, v]) => `${k}: ${v}`).join("\r\n")}\r\n\r\n`);
  socket.write(BODY);
  const firstLine = new Promise<string>((resolve) => socket.once("data", (chunk: Buffer) => resolve(chunk.toString("latin1").split("\r\n")[0]!)));
  return { socket, firstLine, ended };
}

describe("refused upgrades", () => {
  it("are answered and closed by the server, so a client that never lets go cannot hold a stop", async () => {
    const server = await startTestServer();
    const clients = [
      await stubbornUpgrade(server.publicUrl, "/auth/ws/register/x"),
      await stubbornUpgrade(server.publicUrl, "/auth/ws/authenticate", { origin: "https://evil.example" }),
    ];
    const firstLines = await Promise.all(clients.map((c) => c.firstLine));
    expect(firstLines).toEqual(["HTTP/1.1 404 Not Found", "HTTP/1.1 403 Forbidden"]);
    // Without the server's close, stop() waits for these sockets as long as they stay open (for ever here).
    await server.stop();
    await Promise.all(clients.map((c) => c.ended));
    for (const c of clients) c.socket.destroy();
  });
});
