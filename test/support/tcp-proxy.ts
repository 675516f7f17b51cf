import { connect, createServer, type Server, type Socket } from "node:net";

export interface TcpProxy {
  /** host:port the proxy listens on. */
  host: string;
  port: number;
  /** Closes every open connection and refuses new ones, as a database that went away. */
  cut(): Promise<void>;
  /** Accepts connections again, on the same port. */
  restore(): Promise<void>;
  /** Connections accepted since the proxy started. */
  accepted(): number;
  close(): Promise<void>;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve((server.address() as { port: number }).port);
    });
  });
}

/** A TCP proxy to target that can be cut and restored: a fault injector between a server and its database. */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let accepted = 0;
  let server = createServer();

  function serve(client: Socket): void {
    accepted++;
    const upstream = connect(target.port, target.host);
    open.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on("error", drop).on("close", drop);
    upstream.on("error", drop).on("close", drop);
    client.pipe(upstream).pipe(client);
  }

  server.on("connection", serve);
  const port = await listen(server, 0);

  return {
    host: "127.0.0.1",
    port,
    accepted: () => accepted,
    async cut() {
      // Not listening: a connect is refused at once, as by a host whose database is down. Open
      // connections end as a stopping PostgreSQL ends them (FIN). A reset (RST) instead leaves the
      // first query on each reset connection of the postgres driver (3.4) waiting: see SECURITY.md, Faults.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of open) socket.destroy();
      open.clear();
      await closed;
    },
    async restore() {
      server = createServer();
      server.on("connection", serve);
      await listen(server, port);
    },
    async close() {
      for (const socket of open) socket.destroy();
      open.clear();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The URL with its host and port replaced by the proxy's. */
export function throughProxy(url: string, proxy: TcpProxy): string {
  const u = new URL(url);
  u.hostname = proxy.host;
  u.port = String(proxy.port);
  return u.toString();
}
