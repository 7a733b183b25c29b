import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createShopifyAdminDouble } from "../doubles/shopify-admin";
import { checkAdminDocument } from "./admin-schema";

const ROOT = new URL("../../", import.meta.url).pathname;
const APP = join(ROOT, "app");

/**
 * Every template literal in app/ that starts with `#graphql`, found with TypeScript's parser (so a
 * mention in a comment is not a document) in every .ts/.tsx file, new files included.
 */
function findGraphqlDocuments(): { where: string; source: string }[] {
  const files = readdirSync(APP, { recursive: true, encoding: "utf8" })
    .filter((f) => /\.(ts|tsx)$/.test(f))
    .map((f) => join(APP, f));
  const documents: { where: string; source: string }[] = [];
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    if (!text.includes("#graphql")) continue;
    const kind = file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
    const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
    const visit = (node: ts.Node) => {
      if (ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) {
        const raw = node.getText(sourceFile).slice(1, -1);
        if (raw.trimStart().startsWith("#graphql")) {
          const line = sourceFile.getLineAndCharacterOfPosition(node.getStart()).line + 1;
          documents.push({ where: `${relative(ROOT, file)}:${line}`, source: raw });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
  }
  return documents;
}

const documents = findGraphqlDocuments();

describe("every #graphql document in app/", () => {
  it("is found (the publishing operations at least)", () => {
    const names = documents.map((d) => /(?:query|mutation)\s+(\w+)/.exec(d.source)?.[1]);
    expect(names).toEqual(
      expect.arrayContaining([
        "LabResultsProduct",
        "LabResultsProductUpdate",
        "LabResultsMetafieldsSet",
        "LabResultsMetafieldDefinitionCreate",
        "LabResultsStagedUploadsCreate",
        "LabResultsFileCreate",
        "LabResultsFileStatus",
        "LabResultsShopDomain",
        "LabReportEntryUpsert",
        "LabResultsPublishingProduct",
        "LabReportReferencesSet",
        "LabReportReferencesDelete",
        "LabResultsCatalog",
        "LabResultsVariantsOnSale",
        "LabReportEntryByHandle",
      ]),
    );
  });

  it.each(documents.map((d) => [d.where, d.source] as const))(
    "%s is valid against Shopify's 2026-10 Admin schema, with nothing deprecated",
    (_where, source) => {
      // A document built with ${…} cannot be checked (or cached by Shopify): keep them static.
      expect(source).not.toContain("${");
      const checked = checkAdminDocument(source);
      expect(checked.ok ? [] : checked.errors.map((e) => e.message)).toEqual([]);
    },
  );
});

describe("the Shopify Admin double", () => {
  const double = createShopifyAdminDouble();
  beforeAll(() => double.server.listen({ onUnhandledRequest: "error" }));
  afterAll(() => double.server.close());

  async function send(query: string, variables: Record<string, unknown> = {}) {
    const response = await fetch(double.apiUrl, {
      method: "POST",
      headers: { "content-type": "application/json", "x-shopify-access-token": "shpat_test" },
      body: JSON.stringify({ query, variables }),
    });
    return {
      status: response.status,
      body: (await response.json()) as { errors?: unknown[]; data?: unknown },
    };
  }

  it("rejects a deprecated field like Shopify would, and records it so the test fails", async () => {
    const id = double.addProduct({ title: "Old API" }).id;
    const answer = await send(`query Old($id: ID!) { product(id: $id) { id bodyHtml } }`, { id });
    expect(answer.status).toBe(200);
    expect(answer.body.data).toBeUndefined();
    expect(JSON.stringify(answer.body.errors)).toMatch(/bodyHtml.*deprecated/);
    expect(double.invalidOperations.splice(0)).toHaveLength(1);
  });

  it("rejects the deprecated productUpdate(input:) argument", async () => {
    const answer = await send(
      `mutation Old($input: ProductInput!) { productUpdate(input: $input) { userErrors { message } } }`,
      { input: { id: "gid://shopify/Product/1" } },
    );
    expect(JSON.stringify(answer.body.errors)).toMatch(/deprecated/);
    expect(double.invalidOperations.splice(0)).toHaveLength(1);
  });

  it("rejects an unknown field and a variable of the wrong shape", async () => {
    const unknown = await send(`query { shop { nonsenseField } }`);
    const badVariable = await send(
      `mutation Set($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { userErrors { message } } }`,
      { m: [{ ownerId: "gid://shopify/Product/1", key: "k", value: "v", colour: "red" }] },
    );
    expect(JSON.stringify(unknown.body.errors)).toMatch(/nonsenseField/);
    expect(JSON.stringify(badVariable.body.errors)).toMatch(/colour/);
    expect(double.invalidOperations.splice(0)).toHaveLength(2);
  });

  it("rejects a deprecated enum value passed through a variable", async () => {
    const answer = await send(
      `mutation Stage($input: [StagedUploadInput!]!) { stagedUploadsCreate(input: $input) { userErrors { message } } }`,
      { input: [{ filename: "a.png", mimeType: "image/png", resource: "PRODUCT_IMAGE" }] },
    );
    expect(JSON.stringify(answer.body.errors)).toMatch(/PRODUCT_IMAGE is deprecated/);
    expect(double.invalidOperations.splice(0)).toHaveLength(1);
  });

  it("answers a valid operation from its state, with the cost extension Shopify sends", async () => {
    const id = double.addProduct({ title: "Valid", descriptionHtml: "<p>hi</p>" }).id;
    const answer = await send(`query P($id: ID!) { product(id: $id) { title descriptionHtml } }`, {
      id,
    });
    expect(answer.body).toMatchObject({
      data: { product: { title: "Valid", descriptionHtml: "<p>hi</p>" } },
      extensions: { cost: { throttleStatus: { maximumAvailable: 2000 } } },
    });
    expect(double.invalidOperations).toHaveLength(0);
  });

  it("answers other API versions with 404, as Shopify does for a version it does not serve", async () => {
    const response = await fetch(double.apiUrl.replace("2026-10", "2024-01"), {
      method: "POST",
      headers: { "x-shopify-access-token": "shpat_test" },
      body: "{}",
    });
    expect(response.status).toBe(404);
  });
});
