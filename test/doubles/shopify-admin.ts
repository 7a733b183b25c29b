import {
  execute,
  getNullableType,
  getOperationAST,
  getVariableValues,
  isEnumType,
  isInputObjectType,
  isListType,
  typeFromAST,
  GraphQLError,
  type DocumentNode,
  type GraphQLInputType,
} from "graphql";
import { http, HttpResponse } from "msw";
import { setupServer, type SetupServerApi } from "msw/node";
import { afterEach } from "vitest";
import { ADMIN_API_VERSION, checkAdminDocument, loadAdminSchema } from "../shopify/admin-schema";
import {
  ShopifyAdminState,
  STAGED_UPLOAD_ORIGIN,
  type UserErrorValue,
} from "./shopify-admin-state";

/**
 * A Shopify Admin GraphQL double on msw: it answers
 * https://<shop>/admin/api/2026-10/graphql.json and the staged-upload targets it hands out.
 * Every operation is validated against Shopify's published 2026-10 schema (test/shopify/), with any
 * deprecated field, argument, input field or enum value an error. An invalid operation gets
 * Shopify's answer (HTTP 200 with `errors`) and is recorded; `installShopifyAdminDouble` fails the
 * test that sent it.
 */

export type RecordedOperation = {
  operationName: string | null;
  query: string;
  variables: Record<string, unknown>;
  status: number;
  body: unknown;
};

export type InvalidOperation = { query: string; errors: string[] };

export type Failure =
  | {
      kind: "throttled";
      requestedQueryCost?: number;
      currentlyAvailable?: number;
      restoreRate?: number;
    }
  | { kind: "status"; status: number };

/** Shopify's standard-plan bucket (shopify.dev, "API rate limits"). */
const BUCKET = { maximumAvailable: 2000, restoreRate: 100 };

export type ShopifyAdminDouble = ReturnType<typeof createShopifyAdminDouble>;

export function createShopifyAdminDouble(
  options: {
    shop?: string;
    appId?: string;
    fileReadyAfterPolls?: number;
    primaryDomainUrl?: string;
    /** More root fields (e.g. the billing double's), resolved like the built-in ones. */
    extraRoot?: () => Record<string, unknown>;
  } = {},
) {
  const shop = options.shop ?? "heady-test.myshopify.com";
  const state = new ShopifyAdminState({
    shop,
    appId: options.appId ?? "424242",
    fileReadyAfterPolls: options.fileReadyAfterPolls ?? 2,
    primaryDomainUrl: options.primaryDomainUrl,
  });
  const schema = loadAdminSchema();
  const operations: RecordedOperation[] = [];
  const invalidOperations: InvalidOperation[] = [];
  const failures: { failure: Failure; operationName?: string }[] = [];
  const apiUrl = `https://${shop}/admin/api/${ADMIN_API_VERSION}/graphql.json`;

  function takeFailure(operationName: string | null): Failure | undefined {
    const i = failures.findIndex((f) => !f.operationName || f.operationName === operationName);
    return i === -1 ? undefined : failures.splice(i, 1)[0]?.failure;
  }

  function answer(query: string, variables: Record<string, unknown>, operationName: string | null) {
    const invalid = (errors: readonly { message: string }[]) => {
      invalidOperations.push({ query, errors: errors.map((e) => e.message) });
      return { status: 200, body: { errors: errors.map((e) => ({ message: e.message })) } };
    };
    const checked = checkAdminDocument(query);
    if (!checked.ok) return invalid(checked.errors);
    const operation = getOperationAST(checked.document, operationName ?? undefined);
    if (!operation) return invalid([{ message: "The document must hold exactly one operation." }]);
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
    if (coerced.errors) return invalid(coerced.errors);
    const deprecated = deprecatedInputs(checked.document, variables);
    if (deprecated.length > 0) return invalid(deprecated.map((message) => ({ message })));

    const root = { ...state.root(), ...options.extraRoot?.() };
    const unsupported = operation.selectionSet.selections
      .map((s) => (s.kind === "Field" ? s.name.value : null))
      .filter((name): name is string => name !== null && name !== "__typename" && !(name in root));
    if (unsupported.length > 0) {
      return invalid([{ message: `The double does not implement: ${unsupported.join(", ")}` }]);
    }

    const failure = takeFailure(operation.name?.value ?? null);
    const requestedQueryCost = operation.operation === "mutation" ? 10 : 2;
    if (failure?.kind === "throttled") {
      const currentlyAvailable = failure.currentlyAvailable ?? 0;
      return {
        status: 200,
        body: {
          errors: [
            {
              message: "Throttled",
              extensions: {
                code: "THROTTLED",
                documentation: "https://shopify.dev/api/usage/rate-limits",
              },
            },
          ],
          extensions: {
            cost: {
              requestedQueryCost: failure.requestedQueryCost ?? requestedQueryCost,
              actualQueryCost: null,
              throttleStatus: {
                maximumAvailable: BUCKET.maximumAvailable,
                currentlyAvailable,
                restoreRate: failure.restoreRate ?? BUCKET.restoreRate,
              },
            },
          },
        },
      };
    }
    if (failure?.kind === "status") {
      return { status: failure.status, body: { errors: "Internal Server Error" } };
    }

    state.currentOperationName = operation.name?.value ?? null;
    const result = execute({
      schema,
      document: checked.document,
      rootValue: root,
      variableValues: variables,
      operationName: operationName ?? undefined,
    }) as { data?: unknown; errors?: readonly GraphQLError[] };
    // The double resolves synchronously; an execution error is a gap in the double, so fail loudly.
    if (result.errors?.length) return invalid(result.errors);
    return {
      status: 200,
      body: {
        data: result.data,
        extensions: {
          cost: {
            requestedQueryCost,
            actualQueryCost: requestedQueryCost,
            throttleStatus: {
              ...BUCKET,
              currentlyAvailable: BUCKET.maximumAvailable - requestedQueryCost,
            },
          },
        },
      },
    };
  }

  const handlers = [
    http.post(`https://${shop}/admin/api/:version/graphql.json`, async ({ request, params }) => {
      if (params.version !== ADMIN_API_VERSION) {
        return HttpResponse.json({ errors: "Not Found" }, { status: 404 });
      }
      if (!request.headers.get("x-shopify-access-token")) {
        return HttpResponse.json(
          { errors: "[API] Invalid API key or access token" },
          { status: 401 },
        );
      }
      const payload = (await request.json()) as {
        query?: string;
        variables?: Record<string, unknown>;
        operationName?: string;
      };
      const query = payload.query ?? "";
      const variables = payload.variables ?? {};
      const operationName = payload.operationName ?? operationNameOf(query);
      const { status, body } = answer(query, variables, operationName);
      operations.push({ operationName, query, variables, status, body });
      return HttpResponse.json(body, { status });
    }),
    http.post(`${STAGED_UPLOAD_ORIGIN}/`, async ({ request }) => {
      const form = await request.formData();
      const key = form.get("key");
      const target =
        typeof key === "string"
          ? state.stagedTargets.get(`${STAGED_UPLOAD_ORIGIN}/${key}`)
          : undefined;
      if (!target || target.method !== "POST") return xmlError(400, "InvalidArgument");
      // Every policy field must come back unchanged, and the file must be the last field.
      const names = [...form.keys()];
      const signed = target.parameters.every((p) => form.get(p.name) === p.value);
      const file = form.get("file");
      if (!signed || names[names.length - 1] !== "file" || !(file instanceof Blob)) {
        return xmlError(403, "AccessDenied");
      }
      target.uploaded = new Uint8Array(await file.arrayBuffer());
      return new HttpResponse(`<PostResponse><Key>${key}</Key></PostResponse>`, { status: 201 });
    }),
    http.put(`${STAGED_UPLOAD_ORIGIN}/*`, async ({ request }) => {
      const url = new URL(request.url);
      const target = state.stagedTargets.get(`${url.origin}${url.pathname}`);
      if (!target || target.method !== "PUT" || !url.searchParams.get("X-Goog-Signature")) {
        return xmlError(403, "AccessDenied");
      }
      target.uploaded = new Uint8Array(await request.arrayBuffer());
      return new HttpResponse(null, { status: 200 });
    }),
  ];

  const server: SetupServerApi = setupServer(...handlers);

  return {
    shop,
    apiUrl,
    appId: state.config.appId,
    state,
    server,
    operations,
    invalidOperations,
    addProduct: state.addProduct.bind(state),
    /** The next operation (optionally: the next with this name) is answered with a failure. */
    failNext(failure: Failure, operationName?: string) {
      failures.push({ failure, operationName });
    },
    /**
     * The next call of `mutation` (optionally: inside the operation named `operationName`) answers
     * with these userErrors and changes nothing.
     */
    userErrorsNext(mutation: string, userErrors: UserErrorValue[], operationName?: string) {
      state.scriptedUserErrors.set(
        operationName ? `${mutation}@${operationName}` : mutation,
        userErrors,
      );
    },
    operationNames(): (string | null)[] {
      return operations.map((o) => o.operationName);
    },
  };
}

/** Starts the double for a test file; a test that sent an invalid operation fails. */
export function installShopifyAdminDouble(
  lifecycle: { beforeAll: (fn: () => void) => void; afterAll: (fn: () => void) => void },
  options?: Parameters<typeof createShopifyAdminDouble>[0],
): () => ShopifyAdminDouble {
  let double: ShopifyAdminDouble | undefined;
  lifecycle.beforeAll(() => {
    double = createShopifyAdminDouble(options);
    double.server.listen({ onUnhandledRequest: "error" });
  });
  lifecycle.afterAll(() => double?.server.close());
  afterEach(() => {
    const invalid = double?.invalidOperations.splice(0) ?? [];
    if (invalid.length > 0) {
      throw new Error(
        `The app sent operations Shopify's 2026-10 schema rejects:\n${invalid
          .map((i) => `${i.errors.join("; ")}\n${i.query}`)
          .join("\n---\n")}`,
      );
    }
  });
  return () => {
    if (!double) throw new Error("the Shopify Admin double is not started yet");
    return double;
  };
}

function operationNameOf(query: string): string | null {
  return /\b(?:query|mutation)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(query)?.[1] ?? null;
}

function xmlError(status: number, code: string) {
  return new HttpResponse(`<Error><Code>${code}</Code></Error>`, { status });
}

/**
 * graphql's deprecation rule sees literals only; values passed as variables are checked here, so a
 * deprecated input field or enum value cannot slip through a variable.
 */
function deprecatedInputs(document: DocumentNode, variables: Record<string, unknown>): string[] {
  const schema = loadAdminSchema();
  const found: string[] = [];
  const walk = (type: GraphQLInputType, value: unknown, path: string) => {
    const t = getNullableType(type);
    if (value === null || value === undefined) return;
    if (isListType(t)) {
      if (Array.isArray(value)) value.forEach((v, i) => walk(t.ofType, v, `${path}[${i}]`));
      else walk(t.ofType, value, path);
    } else if (isInputObjectType(t) && typeof value === "object") {
      const fields = t.getFields();
      for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
        const field = fields[name];
        if (!field) continue;
        if (field.deprecationReason)
          found.push(`${path}.${name} is deprecated: ${field.deprecationReason}`);
        walk(field.type, v, `${path}.${name}`);
      }
    } else if (isEnumType(t) && typeof value === "string") {
      const reason = t.getValue(value)?.deprecationReason;
      if (reason) found.push(`${path} = ${value} is deprecated: ${reason}`);
    }
  };
  for (const definition of document.definitions) {
    if (definition.kind !== "OperationDefinition") continue;
    for (const v of definition.variableDefinitions ?? []) {
      const type = typeFromAST(schema, v.type) as GraphQLInputType | undefined;
      if (type) walk(type, variables[v.variable.name.value], `$${v.variable.name.value}`);
    }
  }
  return found;
}
