import SwaggerParser from "@apidevtools/swagger-parser";
import { Ajv, type ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { expect } from "vitest";

type Json = Record<string, any>;

/**
 * Validates response bodies against an OpenAPI document's own schemas (3.0 with draft-07
 * semantics and `nullable`, 3.1 with JSON Schema 2020-12), so tests check the spec, not a copy.
 */
export async function openApiValidator(specPath: string) {
  const api = (await SwaggerParser.dereference(specPath)) as Json;
  const is31 = String(api.openapi).startsWith("3.1");
  const ajv = is31 ? new Ajv2020({ strict: false, allErrors: true }) : new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const cache = new Map<string, ValidateFunction>();

  function validatorFor(method: string, path: string, status: number): ValidateFunction {
    const key = `${method} ${path} ${status}`;
    const cached = cache.get(key);
    if (cached) return cached;
    const operation = api.paths?.[path]?.[method.toLowerCase()];
    if (!operation) throw new Error(`the spec has no ${method} ${path}`);
    const response = operation.responses?.[String(status)];
    if (!response) throw new Error(`the spec documents no ${status} for ${method} ${path}`);
    const schema = response.content?.["application/json"]?.schema;
    if (!schema) throw new Error(`the spec gives no JSON schema for ${status} of ${method} ${path}`);
    const validate = ajv.compile(schema);
    cache.set(key, validate);
    return validate;
  }

  return {
    /** Asserts the status is documented for the operation and the body matches its schema. */
    expectResponse(method: string, path: string, status: number, body: unknown): void {
      const validate = validatorFor(method, path, status);
      const valid = validate(body);
      expect(valid, `${method} ${path} ${status}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body)}`).toBe(true);
    },
  };
}
