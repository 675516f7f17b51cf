import type { ApolloServer } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import express, { Router } from "express";
import { GraphQLError } from "graphql";
import { createLoaders, principalFromAuthorization, type GraphQLContext } from "#src/graphql/index.js";
import { DomainError } from "#src/services/errors/index.js";
import type { Services } from "#src/services/index.js";

export interface GraphRouteOptions {
  apollo: ApolloServer<GraphQLContext>;
  services: Services;
  adminApiKey: string | undefined;
  defaultRealm: string;
  bodyLimit: string;
}

export function graphqlRouter(options: GraphRouteOptions): Router {
  const router = Router();
  router.use(
    "/graphql",
    express.json({ limit: options.bodyLimit }),
    expressMiddleware(options.apollo, {
      context: async ({ req }) => {
        try {
          const principal = await principalFromAuthorization(req.headers.authorization, options.services, options.adminApiKey);
          return { principal, services: options.services, loaders: createLoaders(options.services), defaultRealm: options.defaultRealm };
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
