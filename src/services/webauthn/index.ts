export { verifierCredential, type StoredCredential } from "./stored-credential.js";
