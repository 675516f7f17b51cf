import { createHash, timingSafeEqual } from "node:crypto";
import { and, eq, lt } from "drizzle-orm";
import { createVerifier, httpbis } from "http-message-signatures";
import { isInnerList, parseDictionary, Token, type Dictionary } from "structured-headers";
import { tables } from "#src/db/index.js";
import type { SessionRow } from "#src/db/schema/index.js";
import type { ServiceDeps } from "../deps/index.js";
import { DomainError, ErrorCode, isId } from "../errors/index.js";
import { parseEd25519PublicKey } from "./public-key.js";

/** How far a signature's `created` may be from the server's clock, either way. */
export const SIGNATURE_SKEW_SECONDS = 60;
/** What every device signature must cover. */
export const REQUIRED_COMPONENTS = ["@method", "@path", "content-digest"] as const;

export interface SignedRequest {
  method: string;
  /** Path and query as the client sent them. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

const refuse = (why: string) => new DomainError(ErrorCode.UNAUTHENTICATED, `invalid request signature: ${why}`);

function header(request: SignedRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
}

function parseField(value: string | undefined, name: string): Dictionary {
  if (!value) throw refuse(`missing ${name}`);
  try {
    return parseDictionary(value);
  } catch {
    throw refuse(`malformed ${name}`);
  }
}

/** RFC 9530: the body's SHA-256 must be what the signed Content-Digest says. */
function checkContentDigest(request: SignedRequest): void {
  const digest = parseField(header(request, "content-digest"), "Content-Digest").get("sha-256");
  if (!digest || !(digest[0] instanceof ArrayBuffer)) throw refuse("Content-Digest must carry sha-256");
  const claimed = Buffer.from(digest[0]);
  const actual = createHash("sha256").update(request.body).digest();
  if (claimed.length !== actual.length || !timingSafeEqual(claimed, actual)) throw refuse("Content-Digest does not match the body");
}

interface SignatureParams {
  keyid: string;
  created: number;
  nonce: string;
}

/** One signature, with keyid, created, nonce and alg="ed25519", covering the required components. */
function readSignatureInput(request: SignedRequest): SignatureParams {
  const inputs = parseField(header(request, "signature-input"), "Signature-Input");
  if (inputs.size !== 1) throw refuse("exactly one signature is accepted");
  const [member] = inputs.values();
  if (!member || !isInnerList(member)) throw refuse("malformed Signature-Input");
  const covered = member[0].map(([name]) => (name instanceof Token ? name.toString() : String(name)));
  for (const component of REQUIRED_COMPONENTS) if (!covered.includes(component)) throw refuse(`the signature must cover ${component}`);
  const params = member[1];
  const keyid = params.get("keyid");
  const created = params.get("created");
  const nonce = params.get("nonce");
  const alg = params.get("alg");
  if (typeof keyid !== "string" || typeof created !== "number" || typeof nonce !== "string" || nonce.length < 8 || nonce.length > 128) {
    throw refuse("keyid, created and a nonce of 8-128 characters are required");
  }
  if (alg !== undefined && alg !== "ed25519") throw refuse("alg must be ed25519");
  return { keyid, created, nonce };
}

async function activeDeviceSession({ db, clock }: ServiceDeps, id: string): Promise<SessionRow> {
  const [session] = isId(id) ? await db.select().from(tables.sessions).where(eq(tables.sessions.id, id)) : [];
  if (!session || session.kind !== "device" || !session.clientPublicKey) throw refuse("unknown device session");
  if (session.status !== "active" || (session.expiresAt && session.expiresAt <= clock.now())) throw refuse("the device session is not active");
  return session;
}

/** A nonce is accepted once per session; rows live until a signature carrying it would be too old anyway. */
async function claimNonce({ db, clock }: ServiceDeps, sessionId: string, nonce: string): Promise<void> {
  const now = clock.now();
  const n = tables.deviceRequestNonces;
  await db.delete(n).where(and(eq(n.sessionId, sessionId), lt(n.expiresAt, now)));
  const [claimed] = await db
    .insert(n)
    .values({ sessionId, nonce, expiresAt: new Date(now.getTime() + 2 * SIGNATURE_SKEW_SECONDS * 1000) })
    .onConflictDoNothing()
    .returning({ nonce: n.nonce });
  if (!claimed) throw refuse("the nonce was already used");
}

/**
 * Verifies a device session's HTTP message signature (RFC 9421, Ed25519) and returns the session:
 * digest, then clock skew, then the session, then the signature, and only then the nonce.
 */
export async function verifyDeviceRequest(deps: ServiceDeps, request: SignedRequest): Promise<SessionRow> {
  const params = readSignatureInput(request);
  const skew = Math.abs(params.created - deps.clock.now().getTime() / 1000);
  if (skew > SIGNATURE_SKEW_SECONDS) throw refuse(`created must be within ${SIGNATURE_SKEW_SECONDS}s of the server's clock`);
  checkContentDigest(request);
  const session = await activeDeviceSession(deps, params.keyid);
  const { key } = parseEd25519PublicKey(session.clientPublicKey!);
  let valid: boolean | null;
  try {
    valid = await httpbis.verifyMessage(
      {
        keyLookup: async () => ({ id: session.id, algs: ["ed25519"], verify: createVerifier(key, "ed25519") }),
        requiredParams: ["created", "keyid", "nonce"],
        requiredFields: [...REQUIRED_COMPONENTS],
        // The skew was checked above against the service clock.
        notAfter: Number.MAX_SAFE_INTEGER,
      },
      { method: request.method, url: `http://device.invalid${request.url}`, headers: request.headers as Record<string, string> },
    );
  } catch (error) {
    throw refuse(error instanceof Error ? error.message : "verification failed");
  }
  if (valid !== true) throw refuse("the signature does not verify");
  await claimNonce(deps, session.id, params.nonce);
  await deps.db.update(tables.sessions).set({ lastAccessAt: deps.clock.now() }).where(eq(tables.sessions.id, session.id));
  return session;
}
