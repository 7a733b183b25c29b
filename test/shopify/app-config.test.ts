import { existsSync, readFileSync } from "node:fs";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { LAB_REPORT_FIELDS } from "~/pipeline/lab-report-entry";
import { VERDICTS } from "~/pipeline/publish-plan";
import { VALUE_RULES } from "../doubles/shopify-admin-model";

// `shopify app build` validates [app_proxy] but not the custom-data declarations (metaobjects,
// metafields), which `shopify app deploy` creates on every shop: this checks them against what the
// app writes, so the declaration and the code cannot drift apart.
const ROOT = new URL("../../", import.meta.url).pathname;

type Field = {
  name: string;
  type: string;
  required?: boolean;
  validations?: { choices?: string[] };
};
type Definition = { name: string; type: string; access: { admin: string; storefront: string } };
type AppConfig = {
  application_url: string;
  app_proxy: { url: string; prefix: string; subpath: string };
  metaobjects: {
    app: Record<
      string,
      {
        access: { admin: string; storefront: string };
        display_name_field: string;
        fields: Record<string, Field>;
      }
    >;
  };
  product: { metafields: { app: Record<string, Definition> } };
  variant: { metafields: { app: Record<string, Definition> } };
};
const config = parse(readFileSync(`${ROOT}shopify.app.toml`, "utf8")) as unknown as AppConfig;

describe("shopify.app.toml", () => {
  it("forwards the shop's /apps/lab to the app's proxy routes", () => {
    const proxy = config.app_proxy;
    expect(proxy).toMatchObject({ prefix: "apps", subpath: "lab" });
    const url = new URL(proxy.url);
    expect(url.origin).toBe(new URL(config.application_url).origin);
    expect(url.pathname).toBe("/proxy/lab");
    expect(existsSync(`${ROOT}app/routes/proxy.lab._index.ts`)).toBe(true);
    expect(existsSync(`${ROOT}app/routes/proxy.lab.$batch._index.ts`)).toBe(true);
  });

  it("declares the $app:lab_report metaobject with exactly the fields publishing writes, typed alike", () => {
    const definition = config.metaobjects.app.lab_report;
    if (!definition) throw new Error("no [metaobjects.app.lab_report]");
    expect(definition.access).toEqual({ admin: "merchant_read", storefront: "public_read" });
    const declared = Object.fromEntries(
      Object.entries(definition.fields).map(([key, field]) => [key, field.type]),
    );
    expect(declared).toEqual(LAB_REPORT_FIELDS);
    for (const type of Object.values(declared)) expect(Object.keys(VALUE_RULES)).toContain(type);
    expect(definition.fields[definition.display_name_field]?.required).toBe(true);
    expect(definition.fields.verdict?.validations?.choices).toEqual([...VERDICTS]);
  });

  it.each(["product", "variant"] as const)(
    "gives every %s a storefront-readable current report and a history of earlier ones",
    (owner) => {
      const metafields = config[owner].metafields.app;
      expect(metafields.lab_report).toMatchObject({
        type: "metaobject_reference<$app:lab_report>",
        access: { storefront: "public_read" },
      });
      expect(metafields.lab_report_history).toMatchObject({
        type: "list.metaobject_reference<$app:lab_report>",
        access: { storefront: "public_read" },
      });
    },
  );
});
