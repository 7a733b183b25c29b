import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import {
  buildClientSchema,
  NoDeprecatedCustomRule,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLError,
  type GraphQLSchema,
  type IntrospectionQuery,
} from "graphql";

export const ADMIN_API_VERSION = "2026-10";

let cached: GraphQLSchema | undefined;

/** Shopify's published Admin schema for ADMIN_API_VERSION (see test/shopify/README.md). */
export function loadAdminSchema(): GraphQLSchema {
  if (cached) return cached;
  const file = new URL(`./admin_${ADMIN_API_VERSION}.json.gz`, import.meta.url);
  const json = JSON.parse(gunzipSync(readFileSync(file)).toString("utf8")) as {
    data?: IntrospectionQuery;
  } & Partial<IntrospectionQuery>;
  const introspection = json.data ?? (json as IntrospectionQuery);
  cached = buildClientSchema(introspection);
  return cached;
}

/** graphql's standard rules plus one that makes any deprecated field, argument or enum value an error. */
export const ADMIN_VALIDATION_RULES = [...specifiedRules, NoDeprecatedCustomRule];

export type DocumentCheck =
  { ok: true; document: DocumentNode } | { ok: false; errors: readonly GraphQLError[] };

/** Parses and validates one operation document against the Admin schema. */
export function checkAdminDocument(source: string): DocumentCheck {
  let document: DocumentNode;
  try {
    document = parse(source);
  } catch (error) {
    return { ok: false, errors: [error as GraphQLError] };
  }
  const errors = validate(loadAdminSchema(), document, ADMIN_VALIDATION_RULES);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, document };
}
