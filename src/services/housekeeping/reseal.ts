import type { Db } from "#src/db/index.js";
import { totpSealedColumn } from "../mfa/totp.js";
import { methodCodeSealedColumn } from "../recovery-methods/codes.js";
import { keyRingOf, resealColumns, type ResealCount, type SealedColumn, type SecretsConfig } from "../secrets/index.js";
import { webhookSecretSealedColumn } from "../session-events/webhooks/secret.js";
import { signingKeySealedColumn } from "../tokens/index.js";

/** Every column of sealed values: what a rotation of SECRETS_KEY must rewrite. */
export const sealedColumns: SealedColumn[] = [signingKeySealedColumn, totpSealedColumn, webhookSecretSealedColumn, methodCodeSealedColumn];

/** Rewrites every value sealed under a previous SECRETS_KEY (or in the v1 format) under the current one. */
export function resealSecrets(db: Db, config: SecretsConfig): Promise<Record<string, ResealCount>> {
  return resealColumns(db, keyRingOf(config), sealedColumns);
}
