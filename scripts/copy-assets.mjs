// The files the server reads at run time, copied beside the compiled JavaScript: dist/ has the
// repository's layout, so a path taken relative to a module (../../drizzle from src/db/migrate)
// finds the same file whether the server runs from src/ (tsx, tests) or from dist/.
import { cpSync, rmSync } from "node:fs";

const root = new URL("../", import.meta.url);
const assets = ["drizzle", "src/services/passwords/common-passwords.txt"];

for (const path of assets) {
  const target = new URL(`dist/${path}`, root);
  // A migration removed from drizzle/ must not linger in dist/.
  rmSync(target, { recursive: true, force: true });
  cpSync(new URL(path, root), target, { recursive: true });
}
