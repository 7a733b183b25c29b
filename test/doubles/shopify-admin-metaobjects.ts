import { readdirSync, readFileSync } from "node:fs";
import { parse } from "smol-toml";
import { VALUE_RULES, type UserErrorValue } from "./shopify-admin-model";

/**
 * Metaobjects in the Shopify Admin double, with the definitions the app declares in
 * shopify.app.toml (what `shopify app deploy` creates on every shop): an upsert with an undeclared
 * field, a value of the wrong type or a missing required field is refused as Shopify refuses it.
 */

type DeclaredField = { type: string; required?: boolean; validations?: { choices?: string[] } };
type DeclaredMetaobject = { fields: Record<string, DeclaredField> };

export type MetaobjectState = {
  id: string;
  type: string;
  handle: string;
  fields: { key: string; value: string; type: string }[];
  updatedAt: string;
};

const TOML = new URL("../../shopify.app.toml", import.meta.url);

export function declaredAppConfig(): Record<string, unknown> {
  return parse(readFileSync(TOML, "utf8")) as Record<string, unknown>;
}

/** Declared product and variant metafields: `$app` namespace key → type. */
export function declaredMetafieldTypes(owner: "product" | "variant"): Record<string, string> {
  const config = declaredAppConfig() as Record<
    string,
    { metafields?: { app?: Record<string, { type: string }> } }
  >;
  const declared = config[owner]?.metafields?.app ?? {};
  return Object.fromEntries(Object.entries(declared).map(([key, d]) => [key, d.type]));
}

/**
 * The Flow triggers declared under extensions/: handle → the payload keys Flow expects (a
 * product_reference field arrives as `product_id`, other fields under their key).
 */
export function declaredFlowTriggers(): Record<string, string[]> {
  const root = new URL("../../extensions/", import.meta.url);
  const triggers: Record<string, string[]> = {};
  for (const dir of readdirSync(root)) {
    let text: string;
    try {
      text = readFileSync(new URL(`${dir}/shopify.extension.toml`, root), "utf8");
    } catch {
      continue;
    }
    type Fields = { fields?: { type: string; key?: string }[] };
    // Shopify's layout: `[[extensions]]` then `[settings]`, which TOML reads as a top-level table.
    const config = parse(text) as {
      extensions?: { type: string; handle: string; settings?: Fields }[];
      settings?: Fields;
    };
    for (const extension of config.extensions ?? []) {
      if (extension.type !== "flow_trigger") continue;
      const fields = extension.settings?.fields ?? config.settings?.fields ?? [];
      triggers[extension.handle] = fields.map((f) =>
        f.type.endsWith("_reference") ? `${f.type.replace(/_reference$/, "")}_id` : (f.key ?? ""),
      );
    }
  }
  return triggers;
}

export class MetaobjectStore {
  readonly entries = new Map<string, MetaobjectState>();
  private readonly declared: Record<string, DeclaredMetaobject>;

  constructor(
    private readonly appId: string,
    private readonly newId: () => number,
  ) {
    const config = declaredAppConfig() as {
      metaobjects?: { app?: Record<string, DeclaredMetaobject> };
    };
    this.declared = config.metaobjects?.app ?? {};
  }

  /** "$app:lab_report" → "app--<id>--lab_report" (the reserved type Shopify stores). */
  resolveType(type: string): string {
    return type.startsWith("$app:") ? `app--${this.appId}--${type.slice(5)}` : type;
  }

  byId(id: string): MetaobjectState | undefined {
    return [...this.entries.values()].find((e) => e.id === id);
  }

  byHandle(handle: { type: string; handle: string }): MetaobjectState | undefined {
    return this.entries.get(`${this.resolveType(handle.type)}/${handle.handle}`);
  }

  upsert(
    handle: { type: string; handle: string },
    input: { fields?: { key: string; value: string }[] },
  ): { metaobject: MetaobjectState | null; userErrors: UserErrorValue[] } {
    const type = this.resolveType(handle.type);
    const name = handle.type.startsWith("$app:") ? handle.type.slice(5) : null;
    const definition = name ? this.declared[name] : undefined;
    if (!definition) {
      return {
        metaobject: null,
        userErrors: [
          {
            field: ["handle", "type"],
            message: "No metaobject definition exists for type",
            code: "UNDEFINED_OBJECT_TYPE",
          },
        ],
      };
    }
    if (!/^[a-z0-9][a-z0-9-]*$/.test(handle.handle)) {
      return {
        metaobject: null,
        userErrors: [
          { field: ["handle", "handle"], message: "Handle is invalid", code: "INVALID" },
        ],
      };
    }
    const errors: UserErrorValue[] = [];
    const fields: MetaobjectState["fields"] = [];
    (input.fields ?? []).forEach((f, i) => {
      const declared = definition.fields[f.key];
      if (!declared) {
        errors.push({
          field: ["metaobject", "fields", String(i)],
          message: `Field definition "${f.key}" does not exist`,
          code: "UNDEFINED_OBJECT_FIELD",
        });
        return;
      }
      const rule = VALUE_RULES[declared.type];
      const problem = rule ? rule(f.value) : `of unsupported type ${declared.type}`;
      if (problem) {
        errors.push({
          field: ["metaobject", "fields", String(i)],
          message: `Value ${problem}`,
          code: "INVALID_VALUE",
        });
        return;
      }
      const choices = declared.validations?.choices;
      if (choices && !choices.includes(f.value)) {
        errors.push({
          field: ["metaobject", "fields", String(i)],
          message: "Value is not one of the choices",
          code: "INCLUSION",
        });
        return;
      }
      fields.push({ key: f.key, value: f.value, type: declared.type });
    });
    const key = `${type}/${handle.handle}`;
    const existing = this.entries.get(key);
    const merged = new Map((existing?.fields ?? []).map((f) => [f.key, f]));
    for (const f of fields) merged.set(f.key, f);
    for (const [fieldKey, field] of Object.entries(definition.fields)) {
      if (field.required && !merged.has(fieldKey)) {
        errors.push({
          field: ["metaobject", "fields"],
          message: `${fieldKey} is required`,
          code: "OBJECT_FIELD_REQUIRED",
        });
      }
    }
    if (errors.length > 0) return { metaobject: null, userErrors: errors };
    const now = new Date().toISOString();
    const entry: MetaobjectState = existing
      ? Object.assign(existing, { fields: [...merged.values()], updatedAt: now })
      : {
          id: `gid://shopify/Metaobject/${this.newId()}`,
          type,
          handle: handle.handle,
          fields: [...merged.values()],
          updatedAt: now,
        };
    this.entries.set(key, entry);
    return { metaobject: entry, userErrors: [] };
  }

  view(entry: MetaobjectState) {
    return {
      __typename: "Metaobject",
      ...entry,
      displayName: entry.fields.find((f) => f.key === "batch")?.value ?? entry.handle,
      field: ({ key }: { key: string }) => entry.fields.find((f) => f.key === key) ?? null,
    };
  }
}
