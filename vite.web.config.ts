import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

/**
 * The passkey UI (`npm run build` → dist/web). Its assets are served at /auth/assets/ on every host
 * (the spec's table), so the base is /auth/ even where the pages themselves live at the root.
 */
export default defineConfig({
  root: fileURLToPath(new URL("src/web/", import.meta.url)),
  base: "/auth/",
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL("dist/web/", import.meta.url)),
    emptyOutDir: true,
    // The polyfill is only for browsers without modulepreload; every WebAuthn browser has it.
    modulePreload: { polyfill: false },
  },
});
