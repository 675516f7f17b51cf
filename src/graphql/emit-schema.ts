import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { printSchemaSdl } from "./sdl.js";

const target = fileURLToPath(new URL("../../schema/schema.graphql", import.meta.url));
await writeFile(target, await printSchemaSdl());
console.log(`wrote ${target}`);
