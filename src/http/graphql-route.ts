import type { IncomingMessage } from "node:http";
import type { ApolloServer } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import express, { Router, type Request, type RequestHandler } from "express";
import { GraphQLError } from "graphql";
import { checkBodyBytes, findMalformedText, hasUndecodableBody, requestClient, undecodableQuery } from "#compat/kit/index.js";
import { createLoaders, principalFromAuthorization, principalFromDeviceSignature, type GraphQLContext } from "#src/graphql/index.js";
import type { Principal } from "#src/services/access/index.js";
import { DomainError, ErrorCode, isUnavailable } from "#src/services/errors/index.js";
import type { Services } from "#src/services/index.js";
import { changesState, OriginErrorCode, type OriginCheck } from "#src/services/origins/index.js";
import { cookiePrincipal } from "#compat/passkey-auth/session-principal.js";

export interface GraphRouteOptions {
  apollo: ApolloServer<GraphQLContext>;
  services: Services;
  adminApiKey: string | undefined;
  defaultRealm: string;
  bodyLimit: string;
  origins: OriginCheck;
}

/** The exact bytes of the body: a device signature covers their digest, not the parsed JSON. */
const rawBodies = new WeakMap<IncomingMessage, Buffer>();

function principalOf(req: Request, options: GraphRouteOptions): Promise<Principal> {
  if (req.headers["signature-input"] && !req.headers.authorization) {
    return principalFromDeviceSignature(
      { method: req.method, url: req.originalUrl, headers: req.headers, body: rawBodies.get(req) ?? Buffer.alloc(0) },
      options.services,
    );
  }
  // A passkey page (the admin UI) calls the graph with its __Host-auth cookie; a stale cookie is no one.
  if (!req.headers.authorization && req.headers.cookie) {
    // A mutation made with the cookie must come from an allowed page (cross-site request forgery).
    const refused = changesState(req.method) ? options.origins.refusal(req) : undefined;
    return refused ? Promise.reject(refused) : cookiePrincipal(req, options.services);
  }
  return principalFromAuthorization(req.headers.authorization, options.services, options.adminApiKey);
}

const checkJsonBytes = checkBodyBytes("json");

/** GET carries variables and extensions as JSON text in the query string: they are read as Apollo will read them. */
function jsonParameter(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return value; // Apollo answers JSON it cannot parse itself.
  }
}

/** The first part of the request that is not storable text: bytes that are not UTF-8, NUL, a lone surrogate. */
function malformedPart(req: Request): string | undefined {
  const undecodable = undecodableQuery(req);
  if (undecodable) return undecodable;
  const { variables, extensions, ...rest } = req.query as Record<string, unknown>;
  const inQuery = findMalformedText({ ...rest, variables: jsonParameter(variables), extensions: jsonParameter(extensions) });
  if (inQuery) return `query parameter ${inQuery.replace(/^a field name/, "name")}`;
  if (hasUndecodableBody(req)) return "the request body is not valid UTF-8";
  return findMalformedText(req.body);
}

/**
 * NUL or lone surrogates in variables (or anywhere in the body or query) are refused as bad
 * input before Apollo runs: no resolver, and no statement, sees them. Inline literals are
 * checked by a validation rule (src/graphql/limits/text.ts).
 */
const refuseMalformed: RequestHandler = (req, res, next) => {
  const message = malformedPart(req);
  if (!message) return next();
  res.status(400).json({ errors: [{ message, extensions: { code: ErrorCode.BAD_USER_INPUT } }] });
};

export function graphqlRouter(options: GraphRouteOptions): Router {
  const router = Router();
  router.use(
    "/graphql",
    express.json({
      limit: options.bodyLimit,
      verify: (req, res, buf, encoding) => {
        rawBodies.set(req, Buffer.from(buf));
        checkJsonBytes(req, res, buf, encoding);
      },
    }),
    refuseMalformed,
    expressMiddleware(options.apollo, {
      context: async ({ req }) => {
        try {
          const principal = await principalOf(req, options);
          return {
            principal,
            services: options.services,
            loaders: createLoaders(options.services),
            defaultRealm: options.defaultRealm,
            client: requestClient(req),
            logger: req.log,
          };
        } catch (error) {
          if (error instanceof DomainError) {
            const status = error.code === OriginErrorCode.ORIGIN_NOT_ALLOWED ? 403 : 401;
            throw new GraphQLError(error.message, { extensions: { code: error.code, http: { status } } });
          }
          // Apollo answers a failed context with a 500 and logs nothing: the cause is logged here.
          req.log?.error({ err: error }, "graphql context failed");
          if (isUnavailable(error)) {
            throw new GraphQLError("service is unavailable", { extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, http: { status: 503 } } });
          }
          throw error;
        }
      },
    }),
  );
  return router;
}
