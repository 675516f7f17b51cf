import { createHash, generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto";
import { createSigner, httpbis } from "http-message-signatures";

/** A device's Ed25519 key pair, with the public half as the Galaxy contract carries it. */
export function newDeviceKey(): { privateKey: KeyObject; publicKeyBase64: string } {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const raw = Buffer.from(publicKey.export({ format: "jwk" }).x!, "base64url");
  return { privateKey, publicKeyBase64: raw.toString("base64") };
}

export interface SignOptions {
  sessionId: string;
  privateKey: KeyObject;
  created?: Date;
  nonce?: string;
  /** Components to cover; defaults to what the server requires. */
  fields?: string[];
}

/** Signs a request the way the README tells device clients to (RFC 9421 + RFC 9530 Content-Digest). */
export async function signedHeaders(method: string, url: string, body: string, options: SignOptions): Promise<Record<string, string>> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "content-digest": `sha-256=:${createHash("sha256").update(body).digest("base64")}:`,
  };
  const signed = await httpbis.signMessage(
    {
      key: createSigner(options.privateKey, "ed25519", options.sessionId),
      fields: options.fields ?? ["@method", "@path", "content-digest"],
      params: ["created", "keyid", "nonce", "alg"],
      paramValues: { created: options.created ?? new Date(), nonce: options.nonce ?? randomBytes(16).toString("base64url") },
    },
    { method, url, headers },
  );
  return signed.headers as Record<string, string>;
}

/** POSTs a GraphQL operation signed by a device session. */
export async function signedGraphQL(baseUrl: string, query: string, variables: Record<string, unknown>, options: SignOptions) {
  const url = `${baseUrl}/graphql`;
  const body = JSON.stringify({ query, variables });
  const headers = await signedHeaders("POST", url, body, options);
  const res = await fetch(url, { method: "POST", headers, body });
  return { status: res.status, body: (await res.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] } };
}

interface GraphServer {
  gql(query: string, variables?: Record<string, unknown>, bearer?: string | null): Promise<{ data?: any; errors?: any[] }>;
}

/** The last sign-in code e-mailed to an address, read from the outbox as an operator would. */
export async function lastLoginCode(server: GraphServer, email: string): Promise<string> {
  const res = await server.gql(`query($to: String) { outboxMessages(to: $to, first: 1) { text } }`, { to: email });
  const text: string | undefined = res.data?.outboxMessages?.[0]?.text;
  const code = text?.match(/\b(\d{6})\b/)?.[1];
  if (!code) throw new Error(`no sign-in code was e-mailed to ${email}`);
  return code;
}

/** Runs the whole device login: start, read the e-mailed code, complete with a new key. */
export async function loginDevice(server: GraphServer, email: string) {
  const key = newDeviceKey();
  const started = await server.gql(`mutation($email: String!) { startDeviceLogin(email: $email) { challengeId } }`, { email }, null);
  if (started.errors) throw new Error(JSON.stringify(started.errors));
  const challengeId: string = started.data!.startDeviceLogin.challengeId;
  const code = await lastLoginCode(server, email);
  const done = await server.gql(
    `mutation($c: ID!, $code: String!, $k: String!) { completeDeviceLogin(challengeId: $c, code: $code, clientPublicKey: $k) { deviceSessionId } }`,
    { c: challengeId, code, k: key.publicKeyBase64 },
    null,
  );
  if (done.errors) throw new Error(JSON.stringify(done.errors));
  return { sessionId: done.data!.completeDeviceLogin.deviceSessionId as string, ...key };
}
