export { HIGH_ENTROPY_HASH_PREFIX, hashHighEntropySecret, highEntropySecretMatches } from "./high-entropy.js";
