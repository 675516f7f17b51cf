import { readFileSync } from "node:fs";

let list: ReadonlySet<string> | undefined;

/** The bundled list (common-passwords.txt), read once on first use. */
function commonPasswords(): ReadonlySet<string> {
  list ??= new Set(
    readFileSync(new URL("./common-passwords.txt", import.meta.url), "utf8")
      .split("\n")
      .filter((line) => line !== "" && !line.startsWith("#")),
  );
  return list;
}

/** Case-insensitive: "Password1" is as guessable as "password1". */
export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(password.toLowerCase());
}
