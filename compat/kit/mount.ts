import express, { Router, type ErrorRequestHandler, type Request, type RequestHandler, type Response } from "express";
import type { GraphQLSchema } from "graphql";
import type { Logger } from "pino";
import { anonymous, type Principal } from "#src/services/access/index.js";
import type { Services } from "#src/services/index.js";
import type { ClassifiedError, RequestClient } from "#src/graphql/index.js";
import type { ContractDefinition, RouteDefinition } from "./contract.js";
import { bodyProblem } from "./body-errors.js";
import { prepareDocuments } from "./documents.js";
import { failureReply, principalRule } from "./failures.js";
import { graphFor, type GraphRuntime } from "./graph.js";
import { leanRoutesOf, type LeanRoute } from "./lean.js";
import { checkBodyBytes, MalformedCode, malformedInput, malformedPath, routableUrl, type Malformed } from "./hostile-input.js";
import type { Reply } from "./reply.js";
import { describeIssue } from "./validation.js";

export interface MountOptions {
  schema: GraphQLSchema;
  services: Services;
  defaultRealm: string;
  bodyLimit: string;
  logger: Logger;
}

export function send(res: Response, answer: Reply): void {
  res.status(answer.status);
  for (const [name, value] of Object.entries(answer.headers ?? {})) res.setHeader(name, value);
  if (answer.body === undefined) res.end();
  else if (typeof answer.body === "string") res.send(answer.body);
  else res.json(answer.body);
}

export function requestClient(req: Request): RequestClient {
  return { ip: req.ip ?? null, userAgent: req.get("user-agent") ?? null };
}

export interface MountedContract {
  router: Router;
  /** Its routes that the listener serves before express (lean.ts). */
  lean: LeanRoute[];
}

/** Builds the express router of one contract and its lean routes; documents are validated here, at start-up. */
export function mountContract<D extends string>(contract: ContractDefinition<D>, options: MountOptions): MountedContract {
  const documents = prepareDocuments(options.schema, contract.name, contract.documents);
  const runtime: GraphRuntime = { services: options.services, defaultRealm: options.defaultRealm };
  const principalOf = principalRule(contract);
  const router = Router();
  const scope = (contract.paths ?? [""]).map((path) => contract.basePath + path || "/");
  const principals = new WeakMap<Request, Principal>();

  // req.log (pino-http) carries the request id that the response's X-Request-Id shows.
  const fail = (req: Request, res: Response, error: unknown) => send(res, failureReply(contract, error, (req.log as Logger | undefined) ?? options.logger));

  /** The route's own answer if it has one, else the table's, else invalidRequest (or notFound for a path). */
  const malformedReply = (found: Malformed, definition?: RouteDefinition<D>): Reply => {
    const failure: ClassifiedError = { code: found.code, message: found.message, internal: false };
    const entry = definition?.malformed ?? contract.errors[found.code]
      ?? (found.code === MalformedCode.MALFORMED_PATH ? contract.notFound : undefined)
      ?? contract.invalidRequest(found.message, 400);
    return typeof entry === "function" ? entry(failure) : entry;
  };

  // Who calls is settled before routing and body parsing: a refused caller learns nothing about paths or bodies.
  const identify: RequestHandler = async (req, res, next) => {
    try {
      const who = await principalOf(req, options.services);
      if ("status" in who) return send(res, who);
      principals.set(req, who);
      next();
    } catch (error) {
      fail(req, res, error);
    }
  };
  const parseBody = contract.bodyFormat === "form"
    ? express.urlencoded({ extended: false, limit: options.bodyLimit, parameterLimit: 100, verify: checkBodyBytes("form") })
    : express.json({ limit: options.bodyLimit, strict: true, verify: checkBodyBytes("json") });
  // A path that does not decode still reaches the route it names, whose answer for it may differ (see RouteDefinition.malformed).
  const routable: RequestHandler = (req, _res, next) => {
    const url = routableUrl(req.url);
    if (url !== undefined) req.url = url;
    next();
  };
  router.use(scope, routable, identify, parseBody);

  const handler = (definition: RouteDefinition<D>) => async (req: Request, res: Response) => {
    try {
      // Before the schemas and the route: no rule, and no statement, ever sees such input.
      const malformed = malformedPath(req) ?? malformedInput(req);
      if (malformed) {
        send(res, malformedReply(malformed, definition));
        return;
      }
      const parts = {} as { params: unknown; query: unknown; body: unknown };
      for (const part of ["params", "query", "body"] as const) {
        const schema = definition[part];
        if (!schema) continue;
        const parsed = schema.safeParse(part === "body" ? req.body : req[part]);
        if (!parsed.success) {
          send(res, contract.invalidRequest(describeIssue(parsed.error), 400));
          return;
        }
        parts[part] = parsed.data;
      }
      const principal = principals.get(req) ?? anonymous;
      const graph = graphFor(runtime, documents, principal, requestClient(req));
      send(res, await definition.handle(parts, graph, req));
    } catch (error) {
      fail(req, res, error);
    }
  };

  for (const definition of contract.routes) {
    router[definition.method](contract.basePath + definition.path, handler(definition));
  }
  const notFound = contract.notFound;
  if (notFound) router.use(scope, (_req: Request, res: Response) => send(res, notFound));

  const bodyErrors: ErrorRequestHandler = (error, _req, res, next) => {
    const problem = bodyProblem(error);
    if (!problem) return next(error);
    send(res, contract.invalidRequest(problem.message, problem.status));
  };
  router.use(scope, bodyErrors);
  return { router, lean: leanRoutesOf(contract, documents, runtime, { parseBody, malformedReply }) };
}
