import { GraphQLJSONObject } from "graphql-scalars";
import { GraphQLISODateTime } from "type-graphql";

export const DateTime = GraphQLISODateTime;
export const JSONObject = GraphQLJSONObject;
