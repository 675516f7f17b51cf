import { Writable } from "node:stream";
import { pino } from "pino";
import type { StartOptions } from "#src/http/index.js";
import { startTestServer, type TestServer } from "../server.js";
import { PasskeyBrowser } from "./browser.js";

export interface PasskeyTestServer {
  server: TestServer;
  /** The one-time registration link of the bootstrap admin, as the start-up log line shows it. */
  adminLink: string | undefined;
}

/** A test server with RP_ID localhost, its warnings captured to find the bootstrap admin's link. */
export async function startPasskeyServer(options: StartOptions & { env?: Record<string, string> } = {}): Promise<PasskeyTestServer> {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const server = await startTestServer({
    logger: pino({ level: "warn" }, sink),
    ...options,
    env: { RP_ID: "localhost", RP_NAME: "Test Auth", PASSKEY_CEREMONY_TIMEOUT_SECONDS: "5", ...options.env },
  });
  const adminLink = lines.find((l) => typeof l.passkeyAdminLink === "string")?.passkeyAdminLink as string | undefined;
  return { server, adminLink };
}

/** The bootstrap admin, registered through its one-time link and signed in. */
export async function signedInAdmin(server: TestServer, adminLink: string): Promise<PasskeyBrowser & { userId: string }> {
  const admin = new PasskeyBrowser(server.publicUrl);
  const passphrase = adminLink.split("/").at(-1)!;
  const { user_uuid } = await admin.register(`?reset=${passphrase}`);
  return Object.assign(admin, { userId: user_uuid });
}
