/**
 * The floor of the stack: bare node:http and express each answering GET / with a fixed JSON body
 * (the same bytes a userinfo response has), in a process of their own.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { serveParent } from "../process/children.js";

export interface HelloInput {
  kind: "node-http" | "express";
  payload: string;
}

function nodeHttp(payload: string): Server {
  const body = Buffer.from(payload);
  return createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": body.length });
    res.end(body);
  });
}

function expressHello(payload: string): Server {
  const app = express();
  app.disable("x-powered-by");
  const json = JSON.parse(payload) as unknown;
  app.get("/", (_req, res) => void res.json(json));
  return createServer(app);
}

serveParent<HelloInput, { port: number }>(async ({ kind, payload }) => {
  const server = kind === "express" ? expressHello(payload) : nodeHttp(payload);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { type: "ready", value: { port: (server.address() as AddressInfo).port } };
});
