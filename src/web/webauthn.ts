import { setSession } from "./api.js";

const fromBase64Url = (text: string): ArrayBuffer => {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
};

const toBase64Url = (buffer: ArrayBuffer): string => {
  let binary = "";
  for (const byte of new Uint8Array(buffer)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
};

/** The server's options are WebAuthn's JSON form (base64url for every byte string); the browser API takes bytes. */
type Json = Record<string, any>;

const withIds = (list: Json[] | undefined) => list?.map((c) => ({ ...c, id: fromBase64Url(c.id) }));

function creationOptions(json: Json): CredentialCreationOptions {
  return {
    publicKey: {
      ...json,
      challenge: fromBase64Url(json.challenge),
      user: { ...json.user, id: fromBase64Url(json.user.id) },
      excludeCredentials: withIds(json.excludeCredentials),
    } as PublicKeyCredentialCreationOptions,
  };
}

function requestOptions(json: Json): CredentialRequestOptions {
  return { publicKey: { ...json, challenge: fromBase64Url(json.challenge), allowCredentials: withIds(json.allowCredentials) } as PublicKeyCredentialRequestOptions };
}

function credentialJson(credential: PublicKeyCredential): Json {
  const response = credential.response;
  const common = {
    id: credential.id,
    rawId: toBase64Url(credential.rawId),
    type: credential.type,
    authenticatorAttachment: credential.authenticatorAttachment ?? undefined,
    clientExtensionResults: credential.getClientExtensionResults(),
  };
  if (response instanceof AuthenticatorAttestationResponse) {
    return {
      ...common,
      response: { clientDataJSON: toBase64Url(response.clientDataJSON), attestationObject: toBase64Url(response.attestationObject), transports: response.getTransports() },
    };
  }
  const assertion = response as AuthenticatorAssertionResponse;
  return {
    ...common,
    response: {
      clientDataJSON: toBase64Url(assertion.clientDataJSON),
      authenticatorData: toBase64Url(assertion.authenticatorData),
      signature: toBase64Url(assertion.signature),
      userHandle: assertion.userHandle ? toBase64Url(assertion.userHandle) : undefined,
    },
  };
}

export interface CeremonyOutcome {
  user_uuid: string;
  session_token: string;
  credential_uuid?: string;
}

/**
 * One ceremony over the contract's WebSocket: the server sends the options, the page answers with
 * the authenticator's response, the server sends the outcome (or `{detail}`) and closes.
 */
function ceremony(path: string, perform: (options: Json) => Promise<Credential | null>): Promise<CeremonyOutcome> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}${path}`);
    let answered = false;
    ws.onmessage = (event) => {
      let message: Json;
      try {
        message = JSON.parse(String(event.data)) as Json;
      } catch {
        ws.close();
        return reject(new Error("The server sent something that is not JSON"));
      }
      if (typeof message.detail === "string") return reject(new Error(message.detail));
      if (answered) return resolve(message as CeremonyOutcome);
      answered = true;
      perform(message)
        .then((credential) => {
          if (!(credential instanceof PublicKeyCredential)) throw new Error("The authenticator returned no passkey");
          ws.send(JSON.stringify(credentialJson(credential)));
        })
        .catch((error: unknown) => {
          // A cancelled or failed prompt ends the ceremony here rather than at the server's timeout.
          ws.close(1000, "cancelled");
          reject(error instanceof Error ? error : new Error(String(error)));
        });
    };
    // After the outcome or a {detail}, the promise is settled and this rejection is ignored.
    ws.onclose = (event) => reject(new Error(event.reason || "The connection closed before the ceremony finished"));
    ws.onerror = () => reject(new Error("Could not reach the sign-in service"));
  });
}

/** Registers a passkey (`query`: `?reset=…`, `?name=…`, or none for the signed-in user) and sets the session cookie. */
export async function registerPasskey(query: string): Promise<CeremonyOutcome> {
  const outcome = await ceremony(`/auth/ws/register${query}`, (options) => navigator.credentials.create(creationOptions(options)));
  await setSession(outcome.session_token);
  return outcome;
}

/** Signs in with a discoverable passkey and sets the session cookie. */
export async function authenticateWithPasskey(): Promise<CeremonyOutcome> {
  const outcome = await ceremony("/auth/ws/authenticate", (options) => navigator.credentials.get(requestOptions(options)));
  await setSession(outcome.session_token);
  return outcome;
}
