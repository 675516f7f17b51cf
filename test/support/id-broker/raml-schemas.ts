import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv, type ValidateFunction } from "ajv";
import { expect } from "vitest";
import { parse } from "yaml";

type Json = Record<string, any>;
type Schema = Json;

export const RAML_PATH = fileURLToPath(new URL("../../../../shared/specs/id-broker.raml", import.meta.url));

const primitives: Record<string, Schema> = {
  string: { type: "string" },
  integer: { type: "integer" },
  number: { type: "number" },
  boolean: { type: "boolean" },
  object: { type: "object" },
  array: { type: "array" },
  nil: { type: "null" },
  any: {},
};

export interface RamlSchemaOptions {
  /**
   * RAML objects are open by default; here they are closed unless `open` is set, so a response
   * carrying a field the RAML does not name fails.
   */
  open?: boolean;
}

/**
 * Turns the RAML's types into JSON Schemas (draft-07, for ajv). What it reads of RAML 1.0:
 * object types with `properties` (a `?` suffix on the name: optional), type expressions
 * (`string`, `X[]`, `X?` = X or nil, `a|b` unions, named types), `enum`, nested inline objects.
 * An optional property may also be null: the RAML's own example gives `"deactivated_utc": null`
 * for `deactivated_utc?: string`, and the deployed broker sends null for absent values.
 */
export class RamlSchemas {
  readonly raml: Json;
  private readonly definitions: Record<string, Schema> = {};

  constructor(source: string, private readonly options: RamlSchemaOptions = {}) {
    // Everything after the `#%RAML 1.0` line is YAML (1.2: `yes`/`no` stay strings).
    this.raml = parse(source.slice(source.indexOf("\n") + 1)) as Json;
    for (const [name, decl] of Object.entries<any>(this.raml.types ?? {})) this.definitions[name] = this.declaration(decl);
  }

  private expression(expr: string): Schema {
    const text = expr.trim();
    if (text.includes("|")) return { anyOf: text.split("|").map((part) => this.expression(part)) };
    if (text.endsWith("?")) return { anyOf: [this.expression(text.slice(0, -1)), { type: "null" }] };
    if (text.endsWith("[]")) return { type: "array", items: this.expression(text.slice(0, -2)) };
    if (primitives[text]) return primitives[text]!;
    if (this.raml.types?.[text] === undefined) throw new Error(`RAML names no type '${text}'`);
    return { $ref: `#/definitions/${text}` };
  }

  private declaration(decl: unknown): Schema {
    if (decl === null || decl === undefined) return {};
    if (typeof decl === "string") return this.expression(decl);
    const d = decl as Json;
    if (Array.isArray(d.enum)) return { enum: d.enum.map(String) };
    if (d.properties) {
      const properties: Record<string, Schema> = {};
      const required: string[] = [];
      for (const [rawName, propDecl] of Object.entries<unknown>(d.properties)) {
        const optional = rawName.endsWith("?");
        const name = optional ? rawName.slice(0, -1) : rawName;
        const schema = this.declaration(propDecl);
        properties[name] = optional ? { anyOf: [schema, { type: "null" }] } : schema;
        if (!optional) required.push(name);
      }
      return { type: "object", properties, required, additionalProperties: this.options.open === true };
    }
    if (d.items) return { type: "array", items: this.declaration(d.items) };
    if (typeof d.type === "string") return this.expression(d.type);
    return {};
  }

  /** A root schema for a type expression, with every RAML type as a definition. */
  schemaOf(expr: string): Schema {
    return { ...this.expression(expr), definitions: this.definitions };
  }

  /** The body schema of a documented response, e.g. ("put", "/user/{employee_id}/update-last-login", 200). */
  responseSchema(method: string, path: string, status: number): Schema | undefined {
    let node: Json = this.raml;
    for (const segment of path.split(/(?=\/)/)) {
      node = node[segment];
      if (!node) throw new Error(`RAML has no resource ${path}`);
    }
    const operation = node[method.toLowerCase()];
    if (!operation) throw new Error(`RAML has no ${method} ${path}`);
    const response = operation.responses?.[status];
    if (response === undefined) throw new Error(`RAML documents no ${status} for ${method} ${path}`);
    if (!response?.body) return undefined;
    return { ...this.declaration(response.body), definitions: this.definitions };
  }
}

/** Validators over the contract's RAML, for tests: `expectType("UserResponse", body)`, `expectResponse(...)`. */
export function ramlValidator(options: RamlSchemaOptions = {}) {
  const schemas = new RamlSchemas(readFileSync(RAML_PATH, "utf8"), options);
  const ajv = new Ajv({ strict: false, allErrors: true });
  const cache = new Map<string, ValidateFunction>();
  const compiled = (key: string, build: () => Schema) => {
    let validate = cache.get(key);
    if (!validate) cache.set(key, (validate = ajv.compile(build())));
    return validate;
  };
  const check = (validate: ValidateFunction, label: string, body: unknown) => {
    const valid = validate(body);
    expect(valid, `${label}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body)}`).toBe(true);
  };

  return {
    schemas,
    /** Asserts the body is an instance of a RAML type expression ("UserResponse", "MfaResponse[]", "Error"). */
    expectType(expr: string, body: unknown): void {
      check(compiled(`type ${expr}`, () => schemas.schemaOf(expr)), expr, body);
    },
    /**
     * Asserts the status is documented for the operation and the body matches its schema; a
     * response the RAML gives no body must come with none (pass undefined).
     */
    expectResponse(method: string, path: string, status: number, body: unknown): void {
      const schema = schemas.responseSchema(method, path, status);
      if (!schema) {
        expect(body, `${method} ${path} ${status} has no body in the RAML`).toBeUndefined();
        return;
      }
      check(compiled(`${method} ${path} ${status}`, () => schema), `${method} ${path} ${status}`, body);
    },
  };
}

export type RamlValidator = ReturnType<typeof ramlValidator>;
