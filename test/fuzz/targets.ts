import { readFileSync } from "node:fs";
import { contracts } from "#compat/index.js";
import { resolveContract, type Listener } from "#compat/kit/index.js";
import type { Config } from "#src/config/index.js";

/** Whose error body a target answers with (DESIGN.md, Errors). */
export type Shape = "galaxy" | "oidc" | "id-broker" | "auth-service" | "passkey" | "graphql" | "page";

export interface FuzzTarget {
  /** Contract name as mounted (auth-service has one per route group), or graphql / passkey-ui. */
  contract: string;
  shape: Shape;
  listener: Listener;
  method: string;
  /** An express path: `:name` segments are parameters. */
  path: string;
  bodyFormat: "json" | "form" | "none";
  /** A WebSocket ceremony: the GET carries an Upgrade. */
  upgrade?: true;
}

const SHAPES: [RegExp, Shape][] = [
  [/^galaxy/, "galaxy"],
  [/^oidc$/, "oidc"],
  [/^id-broker$/, "id-broker"],
  [/^auth-service/, "auth-service"],
  [/^passkey-auth$/, "passkey"],
];

const shapeOf = (contract: string): Shape => {
  const found = SHAPES.find(([pattern]) => pattern.test(contract));
  if (!found) throw new Error(`no error shape is known for contract ${contract}: add it to test/fuzz/targets.ts`);
  return found[1];
};

/**
 * Every route the listeners serve: the mounted contracts' own route lists (so a new route is fuzzed
 * without a word here), plus what is served outside the kit: GraphQL, the passkey pages and sockets.
 */
export function fuzzTargets(config: Config): FuzzTarget[] {
  const routes = contracts.map((source) => resolveContract(source, config)).flatMap((contract) =>
    contract.routes.map((route): FuzzTarget => ({
      contract: contract.name,
      shape: shapeOf(contract.name),
      listener: contract.listener,
      method: route.method.toUpperCase(),
      path: contract.basePath + route.path,
      bodyFormat: route.method === "get" ? "none" : (contract.bodyFormat ?? "json"),
    })),
  );
  const page = (path: string): FuzzTarget => ({ contract: "passkey-ui", shape: "page", listener: "public", method: "GET", path, bodyFormat: "none" });
  const socket = (path: string): FuzzTarget => ({ ...page(path), contract: "passkey-ws", shape: "passkey", upgrade: true });
  return [
    ...routes,
    { contract: "graphql", shape: "graphql", listener: "public", method: "POST", path: "/graphql", bodyFormat: "json" },
    { contract: "graphql", shape: "graphql", listener: "public", method: "GET", path: "/graphql", bodyFormat: "none" },
    page("/auth/"),
    page("/auth/admin/"),
    page("/auth/:reset_token"),
    page("/auth/restricted"),
    socket("/auth/ws/register"),
    socket("/auth/ws/authenticate"),
  ];
}

export interface SpecOperation {
  spec: string;
  method: string;
  path: string;
}

/** The checklist table of /work/shared/specs/README.md: every operation the project must honour. */
export function specOperations(readmePath: string): SpecOperation[] {
  const rows = readFileSync(readmePath, "utf8").split("\n").filter((line) => /^\| [a-z-]+ \| (GET|POST|PUT|DELETE|WS) \| `/.test(line));
  return rows.map((line) => {
    const [, spec, method, cell] = line.split("|").map((part) => part.trim());
    // The first path of a cell is the multi-host one (the passkey pages also name their auth-host form).
    return { spec: spec!, method: method!, path: /`([^`]+)`/.exec(cell!)![1]! };
  });
}

/** Whether a spec path (`{name}` parameters) names a route of an express path (`:name`, which also serves a literal: `/verify/:kind`). */
export function samePath(specPath: string, expressPath: string): boolean {
  const a = specPath.split("/");
  const b = expressPath.split("/");
  return a.length === b.length && a.every((segment, i) => segment === b[i] || b[i]!.startsWith(":"));
}

/** The target that fuzzes a spec operation, if any (WS: a GET with an Upgrade). */
export function targetFor(operation: SpecOperation, targets: FuzzTarget[]): FuzzTarget | undefined {
  const method = operation.method === "WS" ? "GET" : operation.method;
  return targets.find((t) => t.method === method && (operation.method === "WS") === Boolean(t.upgrade) && samePath(operation.path, t.path));
}
