/**
 * A round-robin TCP proxy in a process of its own: each new connection goes to the next
 * backend, and bytes flow both ways untouched (keep-alive connections stay on one instance,
 * as behind a layer-4 load balancer).
 */
import { createConnection, createServer } from "node:net";
import { serveParent } from "../process/children.js";

export interface ProxyInput {
  backends: { host: string; port: number }[];
}

serveParent<ProxyInput, { port: number }>(async ({ backends }) => {
  let next = 0;
  const server = createServer((client) => {
    const backend = backends[next++ % backends.length]!;
    const upstream = createConnection(backend);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    client.pipe(upstream).pipe(client);
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("error", close);
    upstream.on("error", close);
    client.on("close", close);
    upstream.on("close", close);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { type: "ready", value: { port: (server.address() as { port: number }).port } };
});
