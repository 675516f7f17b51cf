import { hkdfSync, randomBytes } from "node:crypto";
import type { Config } from "#src/config/index.js";
import { openPrivateKey, sealPrivateKey } from "../../tokens/key-encryption.js";
import { signingKeyEncryptionKey } from "../../tokens/secrets-key.js";

/** A Standard Webhooks secret: `whsec_` and base64 of 24 random bytes. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

export interface WebhookSecretSealer {
  seal(webhookId: string, secret: string): string;
  open(webhookId: string, sealed: string): string;
}

/** Seals signing secrets with a key derived from SECRETS_KEY, bound to the webhook's id so a sealed secret copied onto another row does not open. */
export function webhookSecretSealer(config: Config | undefined): WebhookSecretSealer {
  let key: Buffer | undefined;
  const sealingKey = (): Buffer => {
    if (!config) throw new Error("webhook secrets are sealed with SECRETS_KEY: the service needs the server configuration");
    return (key ??= Buffer.from(hkdfSync("sha256", signingKeyEncryptionKey(config), "identity-server", "webhook-secrets", 32)));
  };
  const aad = (id: string) => `webhook:${id}`;
  return {
    seal: (id, secret) => sealPrivateKey(sealingKey(), aad(id), secret),
    open: (id, sealed) => openPrivateKey(sealingKey(), aad(id), sealed),
  };
}
