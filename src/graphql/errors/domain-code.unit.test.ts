import { GraphQLError } from "graphql";
import { ArgumentValidationError } from "type-graphql";
import { describe, expect, it } from "vitest";
import { DomainError } from "#src/services/errors/index.js";
import { classifyError } from "./domain-code.js";

const wrapping = (original: Error) => new GraphQLError(original.message, { originalError: original });

describe("classifyError", () => {
  it("passes a domain error's code, message and field through", () => {
    expect(classifyError(wrapping(new DomainError("EMAIL_TAKEN", "email is already taken", { field: "email" })))).toEqual({
      code: "EMAIL_TAKEN",
      message: "email is already taken",
      field: "email",
      internal: false,
    });
  });

  it("turns argument validation into BAD_USER_INPUT with the first message and its field", () => {
    const error = new ArgumentValidationError([
      { property: "input", children: [{ property: "email", constraints: { isEmail: "email must be a valid e-mail address" }, children: [] }] },
    ]);
    expect(classifyError(wrapping(error))).toEqual({ code: "BAD_USER_INPUT", message: "email must be a valid e-mail address", field: "email", internal: false });
  });

  it("hides an unexpected fault behind INTERNAL", () => {
    expect(classifyError(wrapping(new TypeError("cannot read x of undefined")))).toEqual({ code: "INTERNAL", message: "internal server error", internal: true });
  });

  it("calls a lost database connection SERVICE_UNAVAILABLE", () => {
    const lost = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    expect(classifyError(wrapping(lost))).toMatchObject({ code: "SERVICE_UNAVAILABLE", internal: true });
  });

  it.each(["GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED", undefined])("calls a document error with code %s BAD_USER_INPUT, keeping its message", (code) => {
    const error = new GraphQLError('Field "bogus" is not defined by type "CreateUserInput".', { extensions: code ? { code } : {} });
    expect(classifyError(error)).toEqual({ code: "BAD_USER_INPUT", message: 'Field "bogus" is not defined by type "CreateUserInput".', internal: false });
  });

  it("keeps any other code a GraphQL error carries", () => {
    expect(classifyError(new GraphQLError("query is too complex", { extensions: { code: "QUERY_TOO_COMPLEX" } }))).toMatchObject({ code: "QUERY_TOO_COMPLEX" });
  });
});
