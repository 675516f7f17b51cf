import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "#test/support/process.js";
import { nginxBinary, startNginxFront, type ProxyFront } from "#test/support/passkeys/nginx.js";
import { http, startPasskeyServer } from "#test/support/passkeys/index.js";
import type { TestServer } from "#test/support/server.js";

/** Debian's Chromium (apt-get install chromium); playwright's own browser downloads are not used. */
function chromiumBinary(): string | undefined {
  for (const candidate of ["/usr/bin/chromium", "chromium"]) {
    if (spawnSync(candidate, ["--version"]).status === 0) return candidate;
  }
  return undefined;
}

const executablePath = chromiumBinary();
const nginx = nginxBinary();
const SCREENSHOTS = new URL("./screenshots/", import.meta.url);

/** A page whose browser holds its own virtual platform authenticator (discoverable keys, user verification). */
async function deviceIn(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  return page;
}

const shot = (page: Page, name: string) => page.screenshot({ path: new URL(`${name}.png`, SCREENSHOTS).pathname, fullPage: true });

const passphraseOf = (link: string) => new URL(link).pathname.split("/").at(-1)!;

// One database flavour is enough for a browser run: the pages call the same server either way.
describe.skipIf(process.env.TEST_DB !== "pglite")("the passkey web UI", () => {
  beforeAll(async () => {
    // The pages under test are the current sources, built as `npm run build` builds them.
    await build({ configFile: new URL("../../vite.web.config.ts", import.meta.url).pathname, logLevel: "warn" });
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 60_000);

  describe.skipIf(!executablePath || !nginx)("in Chromium, behind nginx", () => {
    let server: TestServer;
    let adminLink: string;
    let front: ProxyFront;
    let browser: Browser;
    /** The UI as the browser sees it: through nginx, on localhost (a secure context WebAuthn accepts for RP_ID localhost). */
    let origin: string;

    beforeAll(async () => {
      ({ server, adminLink } = (await startPasskeyServer({ env: { PASSKEY_CEREMONY_TIMEOUT_SECONDS: "30" } })) as { server: TestServer; adminLink: string });
      front = await startNginxFront(nginx!, server.publicUrl, "auth:admin");
      origin = `http://localhost:${new URL(front.url).port}`;
      // Root has no user namespace to sandbox with; the browser is headless and sees only this test's pages.
      browser = await chromium.launch({ executablePath, headless: true, args: ["--no-sandbox"] });
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
      await front?.stop();
      await server?.stop();
    });

    it("serves the HTML with a strict policy and the assets as immutable", async () => {
      const html = await fetch(`${origin}/auth/`);
      expect(html.status).toBe(200);
      expect(html.headers.get("content-type")).toMatch(/^text\/html/);
      expect(html.headers.get("cache-control")).toBe("no-cache");
      expect(html.headers.get("x-content-type-options")).toBe("nosniff");
      expect(html.headers.get("referrer-policy")).toBe("no-referrer");
      const csp = html.headers.get("content-security-policy")!;
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain(`connect-src 'self' ws://${new URL(origin).host}`);
      expect(csp).toContain("frame-ancestors 'none'");
      const body = await html.text();
      expect(body).not.toMatch(/<script(?![^>]*\ssrc=)/);
      const script = /src="(\/auth\/assets\/[^"]+\.js)"/.exec(body)?.[1];
      const asset = await fetch(`${origin}${script}`);
      expect(asset.status).toBe(200);
      expect(asset.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      expect(asset.headers.get("x-content-type-options")).toBe("nosniff");
      expect((await fetch(`${origin}/auth/assets/missing.js`)).status).toBe(404);
      // Without AUTH_HOST the pages live under /auth/ (and the convenience root); root forms of the others are not UI paths.
      for (const path of ["/", "/auth", "/auth/admin/", "/auth/restricted", "/auth/gold.lamp.pear.oven.kite"]) {
        expect({ path, status: (await fetch(`${server.publicUrl}${path}`)).status }).toEqual({ path, status: 200 });
      }
      expect((await fetch(`${server.publicUrl}/admin/`)).status).toBe(404);
    });

    it("registers, signs out and in, adds and deletes a passkey, ends a session, renames, administers, and passes forward auth", async () => {
      const first = await deviceIn(await browser.newContext());
      const second = await deviceIn(await browser.newContext());

      // The bootstrap admin's one-time link.
      await first.goto(`${origin}/auth/${passphraseOf(adminLink)}`);
      await expect.poll(() => first.locator("#reset-title").textContent()).toMatch(/^Add a passkey for /);
      await shot(first, "reset-link");
      await first.getByRole("button", { name: "Register a passkey" }).click();
      await first.waitForURL(`${origin}/auth/`);
      await first.locator("#greeting").waitFor();
      expect(await first.locator("#credentials tbody tr").count()).toBe(1);
      await shot(first, "account");

      await first.locator("nav").getByRole("button", { name: "Sign out" }).click();
      await first.locator("[data-flow=sign-in][data-step=passkey]").waitFor();
      await shot(first, "sign-in");
      await first.getByRole("button", { name: "Sign in with a passkey" }).click();
      await first.locator("#greeting").waitFor();

      // A second device, through a link the signed-in user makes.
      await first.getByRole("button", { name: "Create a link for another device" }).click();
      const deviceLink = await first.locator("#device-link code").textContent();
      // The query form of a link (`?reset=`), where the admin's link above used the path form.
      await second.goto(`${origin}/auth/?reset=${passphraseOf(deviceLink!)}`);
      await second.getByRole("button", { name: "Register a passkey" }).click();
      await second.locator("#greeting").waitFor();
      expect(await second.locator("#credentials tbody tr").count()).toBe(2);

      await first.reload();
      await first.locator("#greeting").waitFor();
      expect(await first.locator("#sessions tbody tr").count()).toBe(2);
      const otherPasskey = first.locator("#credentials tbody tr", { hasNotText: "(this session)" });
      const otherId = await otherPasskey.getAttribute("data-credential");
      first.once("dialog", (dialog) => void dialog.accept());
      await otherPasskey.getByRole("button", { name: "Delete" }).click();
      await first.locator(`#credentials tr[data-credential="${otherId}"]`).waitFor({ state: "detached" });
      expect(await first.locator("#credentials tbody tr").count()).toBe(1);

      await first.locator("#sessions tr[data-current=false]").getByRole("button", { name: "End" }).click();
      await first.locator("#sessions tr[data-current=false]").waitFor({ state: "detached" });
      await second.reload();
      await second.locator("[data-flow=sign-in]").waitFor();

      await first.locator("#display-name input").fill("Ada Admin");
      await first.locator("#display-name").getByRole("button", { name: "Save" }).click();
      await expect.poll(() => first.locator("#greeting").textContent()).toBe("Signed in as Ada Admin");

      // The admin page reads and changes the graph with the same cookie.
      await first.locator("#to-admin").click();
      await first.locator("#permissions").waitFor();
      expect(await first.locator("[data-org]").count()).toBeGreaterThan(0);
      await first.locator("[data-form=add-permission] input[name=id]").fill("app:read");
      await first.locator("[data-form=add-permission] input[name=name]").fill("Read the app");
      await first.locator("[data-form=add-permission]").getByRole("button", { name: "Add permission" }).click();
      await first.locator("#permissions code", { hasText: "app:read" }).waitFor();
      const org = first.locator("[data-org]").first();
      await org.locator("[data-form=add-user] input[name=name]").fill("Grace");
      await org.locator("[data-form=add-user]").getByRole("button", { name: "Add user" }).click();
      const grace = first.locator("[data-org] tr", { hasText: "Grace" });
      await grace.getByRole("button", { name: "Registration link" }).click();
      await expect.poll(() => first.locator("[data-org] code.link").textContent()).toMatch(/\/auth\/[a-z]+(\.[a-z]+){4}$/);
      await shot(first, "admin");

      // nginx's auth_request lets the admin's session through to the protected page.
      const page = await first.goto(`${origin}/protected/`);
      expect(page?.status()).toBe(200);
      expect(await first.locator("body").textContent()).toBe("the protected page\n");
      await shot(first, "protected");
      expect((await second.goto(`${origin}/protected/`))?.status()).toBe(401);
      await second.goto(`${origin}/auth/restricted`);
      await expect.poll(() => second.locator("h1").textContent()).toBe("Sign in required");
      await second.locator("[data-flow=sign-in][data-step=passkey]").waitFor();
      await shot(second, "restricted");

      // A new user from the sign-in page: signed in, but without the permission nginx asks for.
      await second.goto(`${origin}/auth/`);
      await second.locator("#to-register").click();
      await second.locator("input[name=name]").fill("Nobody");
      await second.getByRole("button", { name: "Create account with a passkey" }).click();
      await expect.poll(() => second.locator("#greeting").textContent()).toBe("Signed in as Nobody");
      await shot(second, "new-user");
      expect((await second.goto(`${origin}/protected/`))?.status()).toBe(403);
    }, 120_000);
  });

  describe("with AUTH_HOST", () => {
    let server: TestServer;
    let authHost: string;
    let port: string;
    beforeAll(async () => {
      // AUTH_HOST names the port too, so the redirects lead a browser back to this listener.
      port = String(await freePort());
      authHost = `auth.localhost:${port}`;
      // Chromium takes no RP id above a *.localhost page (localhost is no registrable domain): the RP is the auth host.
      ({ server } = await startPasskeyServer({ env: { PORT: port, AUTH_HOST: authHost, RP_ID: "auth.localhost" } }));
    });
    afterAll(() => server?.stop());

    it("serves the pages at the auth host's root and the assets on every host", async () => {
      for (const path of ["/", "/admin/", "/restricted", "/gold.lamp.pear.oven.kite"]) {
        const page = await http(server.publicUrl, "GET", path, { host: authHost });
        expect({ path, status: page.status, type: page.headers["content-type"] }).toEqual({ path, status: 200, type: "text/html; charset=utf-8" });
      }
      // Assets stay at /auth/assets/ on every host; the app host's UI paths are redirected by host routing.
      const script = /src="(\/auth\/assets\/[^"]+\.js)"/.exec((await http(server.publicUrl, "GET", "/", { host: authHost })).text)?.[1];
      expect((await http(server.publicUrl, "GET", script!, { host: `app.localhost:${port}` })).status).toBe(200);
      expect((await http(server.publicUrl, "GET", "/auth/", { host: `app.localhost:${port}` })).headers.location).toBe(`http://${authHost}/`);
    });

    it.skipIf(!executablePath)("signs up and in with a passkey there, reached from another host", async () => {
      const browser = await chromium.launch({ executablePath, headless: true, args: ["--no-sandbox"] });
      try {
        // Chromium resolves *.localhost to the loopback and treats it as a secure context, as WebAuthn needs.
        const page = await deviceIn(await browser.newContext());
        await page.goto(`http://app.localhost:${port}/auth/`);
        expect(page.url()).toBe(`http://${authHost}/`);
        await page.locator("#to-register").click();
        await page.locator("input[name=name]").fill("Root User");
        await page.getByRole("button", { name: "Create account with a passkey" }).click();
        await expect.poll(() => page.locator("#greeting").textContent()).toBe("Signed in as Root User");
        await page.locator("nav").getByRole("button", { name: "Sign out" }).click();
        await page.getByRole("button", { name: "Sign in with a passkey" }).click();
        await expect.poll(() => page.locator("#greeting").textContent()).toBe("Signed in as Root User");
        expect(page.url()).toBe(`http://${authHost}/`);
      } finally {
        await browser.close();
      }
    }, 60_000);
  });
});
