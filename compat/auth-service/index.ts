import { defineContract, type ContractDefinition, type ContractSource, type ErrorTable, type Listener } from "#compat/kit/index.js";
import { anonymous } from "#src/services/access/index.js";
import { createOriginCheck, type OriginCheck } from "#src/services/origins/index.js";
import { cookieJar, type CookieJar } from "./cookies.js";
import { documentsFor } from "./documents.js";
import { envelope, invalidRequest } from "./envelope.js";
import { errorTable } from "./errors.js";
import { authenticateRoutes, hashRoutes } from "./internal-routes.js";
import { loginRoutes, whoAmIRoutes } from "./public-routes.js";
import { sessionRoutes } from "./session-routes.js";
import { anonymousClearing, anonymousReply, cookieOnly, ticketPrincipal, wholeTicket } from "./ticket.js";

type Parts<D extends string> = Pick<ContractDefinition<D>, "name" | "paths" | "documents" | "principal" | "routes">;

/** One part of the contract, with what every part shares: the cookie's flags (AUTH_COOKIE_SECURE), the envelope, the error table, the 404. */
function part<D extends string>(listener: Listener, basePath: string, build: (cookies: CookieJar, errors: ErrorTable, origins: OriginCheck) => Parts<D>): ContractSource {
  return (config) => {
    const cookies = cookieJar(config.authCookieSecure);
    const errors = errorTable(cookies);
    return defineContract({ ...build(cookies, errors, createOriginCheck(config)), listener, basePath, invalidRequest, errors, notFound: envelope(404, "Not found") });
  };
}

/**
 * The auth-service contract (auth-service.api.md, issue 15): `/system/auth/*` on the public
 * listener, `/internal/auth/*` on the internal one only. One part per way of naming the caller:
 * login (anonymous), who-am-i (the cookie), the session routes and internal authenticate (the
 * whole ticket), hashing (the trusted internal listener). The public parts that read the cookie
 * check the Origin of a change (src/services/origins).
 */
export const authService: ContractSource[] = [
  part("public", "/system/auth", (cookies) => ({
    name: "auth-service-login",
    paths: ["/login"],
    documents: documentsFor("login"),
    principal: async () => anonymous,
    routes: loginRoutes(cookies),
  })),
  part("public", "/system/auth", (cookies, errors, origins) => ({
    name: "auth-service-who-am-i",
    paths: ["/who-am-i"],
    documents: {},
    principal: ticketPrincipal(cookieOnly, anonymousClearing(cookies), errors, origins),
    routes: whoAmIRoutes,
  })),
  part("public", "/system/auth", (cookies, errors, origins) => ({
    name: "auth-service-sessions",
    paths: ["/api", "/secure"],
    documents: documentsFor("revokeSession", "revokeOtherSessions", "listSessions"),
    principal: ticketPrincipal(wholeTicket("when_expired", "anonymous"), () => anonymousReply(), errors, origins),
    routes: sessionRoutes(cookies),
  })),
  part("internal", "/internal/auth", (_cookies, errors) => ({
    name: "auth-service-authenticate",
    paths: ["/api/authenticate", "/authenticate"],
    documents: {},
    principal: ticketPrincipal(wholeTicket("always", "refused"), () => anonymousReply(), errors),
    routes: authenticateRoutes,
  })),
  part("internal", "/internal/auth", () => ({ name: "auth-service-hashes", paths: ["/hash", "/is-equals"], documents: documentsFor("hash", "isEquals"), routes: hashRoutes })),
];
