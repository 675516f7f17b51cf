import { randomBytes } from "node:crypto";
import type { Config } from "#src/config/index.js";
import { tables } from "#src/db/index.js";
import { lazyKeyRing, sealer, type SealedColumn } from "../../secrets/index.js";

/** A Standard Webhooks secret: `whsec_` and base64 of 24 random bytes. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

export interface WebhookSecretSealer {
  seal(webhookId: string, secret: string): string;
  open(webhookId: string, sealed: string): string;
}

const aad = (id: string) => `webhook:${id}`;

/** Seals signing secrets with a key derived from SECRETS_KEY, bound to the webhook's id so a sealed secret copied onto another row does not open. */
export function webhookSecretSealer(config: Config | undefined): WebhookSecretSealer {
  const sealed = sealer(
    lazyKeyRing(config, () => new Error("webhook secrets are sealed with SECRETS_KEY: the service needs the server configuration")),
    "webhook-secrets",
  );
  return {
    seal: (id, secret) => sealed.seal(aad(id), secret),
    open: (id, value) => sealed.open(aad(id), value),
  };
}

/** For the reseal job: webhook signing secrets, bound to their webhook's id. */
export const webhookSecretSealedColumn: SealedColumn = {
  name: "webhook secrets",
  purpose: "webhook-secrets",
  table: tables.webhooks,
  key: tables.webhooks.id,
  sealed: tables.webhooks.secretSealed,
  aadColumn: tables.webhooks.id,
  aad: (id) => aad(String(id)),
};
