import { createReadStream, readdirSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";

/**
 * The suite's well-known secrets: test/support/server.ts ADMIN_KEY and TEST_SECRETS_KEY (written out
 * here, so that vitest's global setup loads no server code; the unit test holds them equal).
 */
export const WELL_KNOWN_SECRETS = ["test-admin-key-0123456789abcdef", "test-secrets-key-0123456789abcdef0123456789"];

/** The passwords the suite's fixtures use most (the first: test/support/auth-service.ts AUTH_PASSWORD). */
export const FIXTURE_PASSWORDS = [
  "correct horse battery",
  "Correct-Horse-Battery-Staple-91",
  "matrix-passphrase-long-enough-42",
  "Heron-Lantern-91",
  "Inline-Literal-Passw0rd-77",
  "fuzzing is a long passphrase",
  "a-long-enough-passphrase-42",
  "another-matrix-passphrase-77",
  "a distinct horse 4 battery",
];

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** What a secret looks like in a JSON log line; each rule names what it found, never the value. */
export const SECRET_RULES: { name: string; pattern: RegExp }[] = [
  { name: "a JWT", pattern: /eyJ[\w-]{8,}\.eyJ[\w-]{8,}/ },
  { name: "an API key (idk_)", pattern: /idk_[A-Za-z0-9]{12}_[\w-]{20,}/ },
  { name: "a webhook secret (whsec_)", pattern: /whsec_[A-Za-z0-9+/]{20,}/ },
  { name: "a bearer credential", pattern: /\bbearer\s+[\w.~+/-]{16,}/i },
  { name: "a header that carries credentials", pattern: /"(authorization|authentication|cookie|set-cookie|x-api-key)"\s*:\s*"(?!\[redacted\]")[^"]+"/i },
  { name: "a refreshId cookie", pattern: /refreshId=[^;"\s]{8,}/ },
  { name: "a passkey session cookie", pattern: /__Host-auth=[^;"\s]{8,}/ },
  {
    name: "a password or token field with a value",
    pattern: /"(password|newPassword|currentPassword|oldPassword|secret|clientSecret|client_secret|token|accessToken|refreshToken|access_token|refresh_token|id_token)"\s*:\s*"(?!\[redacted\]")[^"]+"/,
  },
  { name: "a well-known test secret", pattern: new RegExp(WELL_KNOWN_SECRETS.map(escape).join("|")) },
  { name: "a test fixture's password", pattern: new RegExp(FIXTURE_PASSWORDS.map(escape).join("|")) },
];

export interface Finding {
  file: string;
  line: number;
  rule: string;
}

/** The rules a line breaks. */
export const secretsIn = (line: string): string[] => SECRET_RULES.filter((rule) => rule.pattern.test(line)).map((rule) => rule.name);

/** Every line of one log file that holds a secret, by line number. */
export async function scanFile(file: string): Promise<Finding[]> {
  const findings: Finding[] = [];
  const lines = createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line += 1;
    for (const rule of secretsIn(text)) findings.push({ file, line, rule });
  }
  return findings;
}

/** The log files of a directory whose names start with `prefix` (none when there is no directory). */
export function logFiles(dir: string, prefix: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.filter((name) => name.startsWith(prefix) && name.endsWith(".log")).map((name) => join(dir, name));
}

/** Every finding in the files of a directory whose names start with `prefix`. */
export async function scanDir(dir: string, prefix: string): Promise<{ files: string[]; findings: Finding[] }> {
  const files = logFiles(dir, prefix);
  const findings = (await Promise.all(files.map(scanFile))).flat();
  return { files, findings };
}

/** One line per finding, file and line first (the value itself is never repeated). */
export const report = (findings: Finding[]): string => findings.map((f) => `${f.file}:${f.line}: ${f.rule}`).join("\n");
