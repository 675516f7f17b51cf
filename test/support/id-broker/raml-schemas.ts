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

  private operation(method: string, path: string): Json {
    let node: Json = this.raml;
    for (const segment of path.split(/(?=\/)/)) {
      node = node[segment];
      if (!node) throw new Error(`RAML has no resource ${path}`);
    }
    const operation = node[method.toLowerCase()];
    if (!operation) throw new Error(`RAML has no ${method} ${path}`);
    return operation;
  }

  /**
   * The fields an operation that declares a `fields` query parameter answers with: the query's
   * list, else the parameter's declared default. Undefined when the operation takes no `fields`,
   * or the list is empty (then every field comes back, as Yii's serializer does).
   */
  fieldsAnswered(method: string, path: string, query: Record<string, string | undefined> = {}): string[] | undefined {
    const params: Json = this.operation(method, path).queryParameters ?? {};
    const param = params["fields?"] ?? params.fields;
    if (param === undefined) return undefined;
    const list = String(query.fields ?? param?.default ?? "").split(",").map((f) => f.trim()).filter(Boolean);
    return list.length > 0 ? list : undefined;
  }

  /**
   * The body schema of a documented response, e.g. ("put", "/user/{employee_id}/update-last-login", 200).
   * Where the operation takes `fields`, its type is read by the fields answered (see `fieldsAnswered`).
   */
  responseSchema(method: string, path: string, status: number, query: Record<string, string | undefined> = {}): Schema | undefined {
    const operation = this.operation(method, path);
    const response = operation.responses?.[status];
    if (response === undefined) throw new Error(`RAML documents no ${status} for ${method} ${path}`);
    if (!response?.body) return undefined;
    const fields = this.fieldsAnswered(method, path, query);
    const body = fields ? this.withFields(response.body, fields) : this.declaration(response.body);
    return { ...body, definitions: this.definitions };
  }

  /**
   * `T` or `T[]` (T a named object type) cut down to the fields asked: no other property may
   * appear (objects are closed unless `open`), and those asked keep the RAML's type and, where
   * the RAML requires them, stay required.
   */
  private withFields(bodyDecl: unknown, fields: string[]): Schema {
    const expr = typeof bodyDecl === "string" ? bodyDecl : (bodyDecl as Json)?.type;
    const match = typeof expr === "string" ? /^(\w+)(\[\])?$/.exec(expr.trim()) : null;
    const full = match ? this.definitions[match[1]!] : undefined;
    if (!match || !full?.properties) throw new Error(`cannot read a body of ${JSON.stringify(bodyDecl)} by fields`);
    const properties = Object.fromEntries(Object.entries<Schema>(full.properties).filter(([name]) => fields.includes(name)));
    const item: Schema = { ...full, properties, required: (full.required as string[]).filter((name) => fields.includes(name)) };
    return match[2] ? { type: "array", items: item } : item;
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
     * response the RAML gives no body must come with none (pass undefined). `query` is the
     * request's: an operation that takes `fields` is read by the fields asked, or its default list.
     */
    expectResponse(method: string, path: string, status: number, body: unknown, query: Record<string, string | undefined> = {}): void {
      const schema = schemas.responseSchema(method, path, status, query);
      if (!schema) {
        expect(body, `${method} ${path} ${status} has no body in the RAML`).toBeUndefined();
        return;
      }
      const fields = schemas.fieldsAnswered(method, path, query);
      const label = `${method} ${path} ${status}${fields ? ` (fields ${fields.join(",")})` : ""}`;
      check(compiled(label, () => schema), label, body);
    },
  };
}

export type RamlValidator = ReturnType<typeof ramlValidator>;
