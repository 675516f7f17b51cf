export { HIGH_ENTROPY_HASH_PREFIX, hashHighEntropySecret, highEntropySecretMatches } from "./high-entropy.js";
export { keyRingOf, lazyKeyRing, SECRETS_KEY_FILE, type KeyRing, type SecretPurpose, type SecretsConfig, type WrappingKey } from "./key-ring.js";
export { openWith, SealedValueError, sealer, sealWith, type Sealer } from "./sealing.js";
export { resealColumns, type ResealCount, type SealedColumn } from "./reseal.js";
