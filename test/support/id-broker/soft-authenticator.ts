import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import { isoCBOR } from "@simplewebauthn/server/helpers";

type CborValue = Parameters<typeof isoCBOR.encode>[0];

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url");
const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest();

function uint32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

interface Key {
  id: Buffer;
  privateKey: KeyObject;
  counter: number;
}

interface CreationOptions {
  publicKey: { challenge: string; rp: { id?: string }; excludeCredentials?: { id: string }[] };
}
interface RequestOptions {
  publicKey: { challenge: string; rpId?: string; allowCredentials?: { id: string }[] };
}

export interface CeremonyOverrides {
  origin?: string;
  /** The counter to report; by default one more than the last. */
  counter?: number;
  challenge?: string;
  rpId?: string;
}

/**
 * A software security key for tests: real P-256 (ES256) keys from node:crypto, a CBOR
 * attestation object of format "none", real signatures over authenticator data and the
 * client data hash, and a signature counter that tests can also set by hand.
 */
export class SoftAuthenticator {
  private readonly keys = new Map<string, Key>();

  constructor(readonly origin: string, readonly rpId: string) {}

  get credentialIds(): string[] {
    return [...this.keys.keys()];
  }

  private clientData(type: string, challenge: string, origin: string): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
  }

  /** navigator.credentials.create(): a new key pair and its attestation. */
  register(options: CreationOptions, overrides: CeremonyOverrides = {}) {
    const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const jwk = publicKey.export({ format: "jwk" });
    // The server's own CBOR codec (tiny-cbor): Maps stay maps and byte strings untagged, as WebAuthn wants.
    const cose = isoCBOR.encode(
      new Map<number, CborValue>([
        [1, 2], // kty: EC2
        [3, -7], // alg: ES256
        [-1, 1], // crv: P-256
        [-2, Buffer.from(jwk.x!, "base64url")],
        [-3, Buffer.from(jwk.y!, "base64url")],
      ]),
    );
    const id = randomBytes(32);
    const counter = overrides.counter ?? 0;
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(id.length);
    const authData = Buffer.concat([
      sha256(overrides.rpId ?? this.rpId),
      Buffer.from([0x41]), // user present, attested credential data included
      uint32(counter),
      Buffer.alloc(16), // AAGUID: none
      idLength,
      id,
      cose,
    ]);
    const attestationObject = isoCBOR.encode(new Map<string, CborValue>([["fmt", "none"], ["attStmt", new Map()], ["authData", authData]]));
    const clientDataJSON = this.clientData("webauthn.create", overrides.challenge ?? options.publicKey.challenge, overrides.origin ?? this.origin);
    this.keys.set(b64url(id), { id, privateKey, counter });
    return {
      id: b64url(id),
      rawId: b64url(id),
      type: "public-key",
      response: { clientDataJSON: b64url(clientDataJSON), attestationObject: b64url(attestationObject), transports: ["usb"] },
      clientExtensionResults: {},
      authenticatorAttachment: "cross-platform",
    };
  }

  /** navigator.credentials.get(): signs with the first allowed key this authenticator holds. */
  authenticate(options: RequestOptions, overrides: CeremonyOverrides & { credentialId?: string } = {}) {
    const allowed = options.publicKey.allowCredentials?.map((c) => c.id) ?? this.credentialIds;
    const credentialId = overrides.credentialId ?? allowed.find((id) => this.keys.has(id));
    const key = credentialId ? this.keys.get(credentialId) : undefined;
    if (!key) throw new Error("no allowed credential on this authenticator");
    key.counter = overrides.counter ?? key.counter + 1;
    const authData = Buffer.concat([sha256(overrides.rpId ?? this.rpId), Buffer.from([0x01]), uint32(key.counter)]);
    const clientDataJSON = this.clientData("webauthn.get", overrides.challenge ?? options.publicKey.challenge, overrides.origin ?? this.origin);
    const signature = sign("sha256", Buffer.concat([authData, sha256(clientDataJSON)]), key.privateKey);
    return {
      id: b64url(key.id),
      rawId: b64url(key.id),
      type: "public-key",
      response: { clientDataJSON: b64url(clientDataJSON), authenticatorData: b64url(authData), signature: b64url(signature) },
      clientExtensionResults: {},
      authenticatorAttachment: "cross-platform",
    };
  }
}
