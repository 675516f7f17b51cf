import type { IncomingMessage } from "node:http";
import type { ApolloServer } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import express, { Router, type Request } from "express";
import { GraphQLError } from "graphql";
import { requestClient } from "#compat/kit/index.js";
import { createLoaders, principalFromAuthorization, principalFromDeviceSignature, type GraphQLContext } from "#src/graphql/index.js";
import type { Principal } from "#src/services/access/index.js";
import { DomainError } from "#src/services/errors/index.js";
import type { Services } from "#src/services/index.js";

export interface GraphRouteOptions {
  apollo: ApolloServer<GraphQLContext>;
  services: Services;
  adminApiKey: string | undefined;
  defaultRealm: string;
  bodyLimit: string;
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
  return principalFromAuthorization(req.headers.authorization, options.services, options.adminApiKey);
}

export function graphqlRouter(options: GraphRouteOptions): Router {
  const router = Router();
  router.use(
    "/graphql",
    express.json({ limit: options.bodyLimit, verify: (req, _res, buf) => void rawBodies.set(req, Buffer.from(buf)) }),
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
          };
        } catch (error) {
          if (error instanceof DomainError) {
            throw new GraphQLError(error.message, { extensions: { code: error.code, http: { status: 401 } } });
          }
          throw error;
        }
      },
    }),
  );
  return router;
}
