import { reply, route, type RouteDefinition } from "#compat/kit/index.js";

/** GET /site/status: 204 while the store answers (the only path open without a key). */
export function statusRoutes(): RouteDefinition<string>[] {
  return [
    route({
      method: "get",
      path: "/site/status",
      async handle(_input, graph) {
        await graph.run("brokerStatus");
        return reply(204);
      },
    }),
  ];
}
