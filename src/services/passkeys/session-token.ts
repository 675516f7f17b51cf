import { createHash, randomBytes } from "node:crypto";

/** 12 random bytes as URL-safe base64: exactly 16 characters, as the contract's clients expect. */
export const newSessionToken = () => randomBytes(12).toString("base64url");

const TOKEN = /^[A-Za-z0-9_-]{16}$/;
export const isSessionToken = (value: string) => TOKEN.test(value);

/** Only this hash is stored: a read of the table cannot be replayed as a cookie. */
export const sessionTokenHash = (token: string) => createHash("sha256").update(token).digest("base64url");
