/**
 * The state and resolvers behind the Shopify Admin double (shopify-admin.ts): products, metafields,
 * metafield definitions, staged uploads and files, behaving as Shopify documents them for 2026-10.
 * Resolvers are plain objects and functions that graphql's `execute` walks, so a response holds
 * exactly the fields the operation selected.
 */

import {
  declaredFlowTriggers,
  declaredMetafieldTypes,
  MetaobjectStore,
} from "./shopify-admin-metaobjects";
import {
  connection,
  VALUE_RULES,
  STAGED_UPLOAD_ORIGIN,
  type DefinitionState,
  type DoubleConfig,
  type FileState,
  type MetafieldState,
  type ProductState,
  type StagedTargetState,
  type UserErrorValue,
} from "./shopify-admin-model";
import { productVariantsPage } from "./shopify-admin-variant-search";

export { STAGED_UPLOAD_ORIGIN, type ProductState, type UserErrorValue };

export class ShopifyAdminState {
  readonly products = new Map<string, ProductState>();
  readonly metafields: MetafieldState[] = [];
  readonly definitions: DefinitionState[] = [];
  readonly files = new Map<string, FileState>();
  readonly stagedTargets = new Map<string, StagedTargetState>();
  /**
   * Scripted userErrors, consumed by the next call of the named mutation (key `mutation`), or of
   * the mutation inside the named operation (key `mutation@OperationName`).
   */
  readonly scriptedUserErrors = new Map<string, UserErrorValue[]>();
  /** The operation being answered, so a scripted refusal can pick one of several using a mutation. */
  currentOperationName: string | null = null;
  private nextId = 1000;
  /** Files fileCreate has added to Shopify Files (each one a COA the merchant would see there). */
  filesCreated = 0;
  readonly metaobjects: MetaobjectStore;
  /** Metafields declared in shopify.app.toml ($app namespace), created by `shopify app deploy`. */
  private readonly declaredTypes = {
    PRODUCT: declaredMetafieldTypes("product"),
    PRODUCTVARIANT: declaredMetafieldTypes("variant"),
  };

  constructor(readonly config: DoubleConfig) {
    this.metaobjects = new MetaobjectStore(config.appId, () => this.nextId++);
  }

  /** The product or variant with this id, and its owner type. */
  owner(id: string): { ownerType: "PRODUCT" | "PRODUCTVARIANT" } | null {
    if (this.products.has(id)) return { ownerType: "PRODUCT" };
    for (const p of this.products.values()) {
      if (p.variants.some((v) => v.id === id)) return { ownerType: "PRODUCTVARIANT" };
    }
    return null;
  }

  addProduct(
    product: Partial<Omit<ProductState, "variants">> & {
      title: string;
      variants?: { title: string; sku?: string | null }[];
    },
  ): ProductState {
    const id = product.id ?? `gid://shopify/Product/${this.nextId++}`;
    const variants = (product.variants ?? [{ title: "Default Title" }]).map((v) => ({
      id: `gid://shopify/ProductVariant/${this.nextId++}`,
      title: v.title,
      sku: v.sku ?? null,
    }));
    const state: ProductState = {
      variantIds: [`gid://shopify/ProductVariant/${this.nextId++}`],
      handle: product.title.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
      status: "ACTIVE",
      descriptionHtml: "",
      seo: { title: null, description: null },
      productType: "",
      vendor: "Heady Test Shop",
      tags: [],
      ...product,
      variants,
      id,
    };
    this.products.set(id, state);
    return state;
  }

  /** "$app" and "$app:x" resolve to the app-reserved namespace; omitted means "$app" (Shopify docs). */
  resolveNamespace(namespace: string | null | undefined): string {
    const ns = namespace ?? "$app";
    if (ns === "$app") return `app--${this.config.appId}`;
    if (ns.startsWith("$app:")) return `app--${this.config.appId}--${ns.slice("$app:".length)}`;
    return ns;
  }

  metafield(ownerId: string, namespace: string | null | undefined, key: string) {
    const ns = this.resolveNamespace(namespace);
    return this.metafields.find(
      (m) => m.ownerId === ownerId && m.namespace === ns && m.key === key,
    );
  }

  /** The root value graphql's `execute` resolves an operation against. */
  root(): Record<string, unknown> {
    return {
      product: ({ id }: { id: string }) => this.productView(id),
      products: (args: { first: number; after?: string | null; query?: string | null }) =>
        this.productsPage(args),
      productVariants: (args: { first: number; after?: string | null; query?: string | null }) =>
        productVariantsPage(this.products.values(), (id) => this.productView(id), args),
      shop: () => ({
        __typename: "Shop",
        myshopifyDomain: this.config.shop,
        primaryDomain: {
          __typename: "Domain",
          url: this.config.primaryDomainUrl ?? `https://${this.config.shop}`,
        },
      }),
      node: ({ id }: { id: string }) => this.nodeView(id),
      productVariant: ({ id }: { id: string }) => this.variantView(id),
      metafieldDefinitions: (args: { ownerType: string; namespace?: string; key?: string }) => {
        const ns = args.namespace === undefined ? undefined : this.resolveNamespace(args.namespace);
        const nodes = this.definitions
          .filter((d) => d.ownerType === args.ownerType)
          .filter((d) => ns === undefined || d.namespace === ns)
          .filter((d) => args.key === undefined || d.key === args.key)
          .map((d) => this.definitionView(d));
        return connection(nodes);
      },
      productUpdate: (args: { product?: Record<string, unknown> }) => this.productUpdate(args),
      metafieldsSet: (args: { metafields: Record<string, unknown>[] }) => this.metafieldsSet(args),
      metafieldsDelete: (args: {
        metafields: { ownerId: string; namespace: string; key: string }[];
      }) => this.metafieldsDelete(args.metafields),
      metafieldDefinitionCreate: (args: { definition: Record<string, unknown> }) =>
        this.definitionCreate(args.definition),
      metaobjectUpsert: (args: {
        handle: { type: string; handle: string };
        metaobject: { fields?: { key: string; value: string }[] };
      }) => {
        const scripted = this.scripted("metaobjectUpsert");
        if (scripted) return { metaobject: null, userErrors: scripted };
        const result = this.metaobjects.upsert(args.handle, args.metaobject);
        return {
          metaobject: result.metaobject && this.metaobjects.view(result.metaobject),
          userErrors: result.userErrors,
        };
      },
      flowTriggerReceive: (args: { handle?: string; payload?: Record<string, unknown> }) =>
        this.flowTriggerReceive(args),
      metaobjectByHandle: ({ handle }: { handle: { type: string; handle: string } }) => {
        const entry = this.metaobjects.byHandle(handle);
        return entry ? this.metaobjects.view(entry) : null;
      },
      metaobject: ({ id }: { id: string }) => {
        const entry = this.metaobjects.byId(id);
        return entry ? this.metaobjects.view(entry) : null;
      },
      stagedUploadsCreate: (args: { input: Record<string, unknown>[] }) =>
        this.stagedUploadsCreate(args.input),
      fileCreate: (args: { files: Record<string, unknown>[] }) => this.fileCreate(args.files),
    };
  }

  /** Triggers Flow received, as the declared extensions (extensions/*flow-trigger) accept them. */
  readonly flowTriggers: { handle: string; payload: Record<string, unknown> }[] = [];

  private flowTriggerReceive({
    handle,
    payload,
  }: {
    handle?: string;
    payload?: Record<string, unknown>;
  }) {
    const fields = handle ? declaredFlowTriggers()[handle] : undefined;
    if (!handle || !fields) {
      return { userErrors: [{ field: ["handle"], message: "Trigger handle not found" }] };
    }
    const keys = Object.keys(payload ?? {}).sort();
    if (JSON.stringify(keys) !== JSON.stringify([...fields].sort())) {
      return {
        userErrors: [
          {
            field: ["payload"],
            message: `Payload fields ${keys.join(", ")} do not match ${fields.join(", ")}`,
          },
        ],
      };
    }
    this.flowTriggers.push({ handle, payload: payload ?? {} });
    return { userErrors: [] };
  }

  private scripted(mutation: string): UserErrorValue[] | null {
    for (const key of [`${mutation}@${this.currentOperationName}`, mutation]) {
      const errors = this.scriptedUserErrors.get(key);
      if (!errors) continue;
      this.scriptedUserErrors.delete(key);
      return errors;
    }
    return null;
  }

  /** Shopify's cursor pagination over products sorted by title; `query` matches title words. */
  private productsPage({
    first,
    after,
    query,
  }: {
    first: number;
    after?: string | null;
    query?: string | null;
  }) {
    const words = (query ?? "").toLowerCase().split(/\s+/).filter(Boolean);
    const all = [...this.products.values()]
      .filter((p) => words.every((w) => p.title.toLowerCase().includes(w)))
      .sort((a, b) => a.title.localeCompare(b.title));
    const start = after ? Number(after) : 0;
    const nodes = all.slice(start, start + first).map((p) => this.productView(p.id));
    const end = start + nodes.length;
    return {
      nodes,
      pageInfo: {
        hasNextPage: end < all.length,
        hasPreviousPage: start > 0,
        startCursor: String(start),
        endCursor: nodes.length > 0 ? String(end) : null,
      },
    };
  }

  private ownerMetafields(id: string) {
    return {
      metafield: ({ namespace, key }: { namespace?: string; key: string }) => {
        const m = this.metafield(id, namespace, key);
        return m ? this.metafieldView(m) : null;
      },
    };
  }

  private productView(id: string) {
    const p = this.products.get(id);
    if (!p) return null;
    return {
      __typename: "Product",
      ...p,
      hasOnlyDefaultVariant: p.variants.length === 1 && p.variants[0]?.title === "Default Title",
      seo: { ...p.seo },
      variants: ({ first }: { first: number }) =>
        connection(
          p.variants.slice(0, first).map((v) => ({
            __typename: "ProductVariant",
            ...v,
            product: () => this.productView(id),
            ...this.ownerMetafields(v.id),
          })),
        ),
      metafield: ({ namespace, key }: { namespace?: string; key: string }) => {
        const m = this.metafield(id, namespace, key);
        return m ? this.metafieldView(m) : null;
      },
      metafields: ({ namespace }: { namespace?: string }) => {
        const ns = namespace === undefined ? undefined : this.resolveNamespace(namespace);
        const list = this.metafields.filter(
          (m) => m.ownerId === id && (ns === undefined || m.namespace === ns),
        );
        return connection(list.map((m) => this.metafieldView(m)));
      },
    };
  }

  private metafieldView(m: MetafieldState) {
    return {
      __typename: "Metafield",
      ...m,
      ownerType: "PRODUCT",
      createdAt: m.updatedAt,
      jsonValue: m.type === "json" ? JSON.parse(m.value) : m.value,
      reference: () => (m.type === "file_reference" ? this.fileView(m.value) : null),
    };
  }

  private definitionView(d: DefinitionState) {
    return {
      __typename: "MetafieldDefinition",
      ...d,
      type: { name: d.type, category: "TEXT" },
      access: { admin: "MERCHANT_READ", storefront: d.storefrontAccess, customerAccount: "NONE" },
    };
  }

  private variantView(id: string) {
    const product = [...this.products.values()].find((p) => p.variantIds.includes(id));
    if (!product) return null;
    return { __typename: "ProductVariant", id, product: this.productView(product.id) };
  }

  private nodeView(id: string) {
    if (this.products.has(id)) return this.productView(id);
    if (this.files.has(id)) return this.fileView(id, { poll: true });
    return null;
  }

  /** Each read of a file is a poll: UPLOADED → PROCESSING → READY after `fileReadyAfterPolls`. */
  private fileView(id: string, { poll = false } = {}) {
    const f = this.files.get(id);
    if (!f) return null;
    if (poll && (f.status === "UPLOADED" || f.status === "PROCESSING")) {
      f.polls += 1;
      if (f.bytes === null) f.status = "FAILED";
      else f.status = f.polls >= this.config.fileReadyAfterPolls ? "READY" : "PROCESSING";
    }
    const ready = f.status === "READY";
    return {
      __typename: "GenericFile",
      id: f.id,
      alt: f.alt,
      createdAt: f.createdAt,
      updatedAt: f.createdAt,
      fileStatus: f.status,
      mimeType: f.mimeType,
      originalFileSize: f.bytes?.byteLength ?? null,
      url: ready ? `https://cdn.shopify.com/s/files/1/0000/0001/files/${f.filename}?v=1` : null,
      fileErrors:
        f.status === "FAILED"
          ? [{ code: "UNKNOWN", message: "File could not be processed", details: null }]
          : [],
      preview: null,
    };
  }

  private productUpdate({ product }: { product?: Record<string, unknown> }) {
    const scripted = this.scripted("productUpdate");
    if (scripted) return { product: null, userErrors: scripted };
    const id = product?.id as string | undefined;
    const p = id ? this.products.get(id) : undefined;
    if (!p || !product) {
      return { product: null, userErrors: [{ field: ["id"], message: "Product does not exist" }] };
    }
    if (typeof product.title === "string" && product.title.trim() === "") {
      return { product: null, userErrors: [{ field: ["title"], message: "Title can't be blank" }] };
    }
    if (typeof product.descriptionHtml === "string") p.descriptionHtml = product.descriptionHtml;
    if (typeof product.title === "string") p.title = product.title;
    const seo = product.seo as { title?: string | null; description?: string | null } | undefined;
    if (seo) p.seo = { ...p.seo, ...seo };
    return { product: this.productView(p.id), userErrors: [] };
  }

  private metafieldsSet({ metafields }: { metafields: Record<string, unknown>[] }) {
    const scripted = this.scripted("metafieldsSet");
    if (scripted) return { metafields: null, userErrors: scripted };
    // Shopify sets at most 25 per call, atomically: one invalid input means none are set.
    if (metafields.length > 25) {
      return {
        metafields: null,
        userErrors: [
          {
            field: ["metafields"],
            message: "Exceeded the maximum metafields input limit of 25.",
            code: "LESS_THAN_OR_EQUAL_TO",
          },
        ],
      };
    }
    const userErrors: (UserErrorValue & { elementIndex: number })[] = [];
    const accepted: Omit<MetafieldState, "id" | "updatedAt">[] = [];
    metafields.forEach((input, i) => {
      const err = (field: string, message: string, code: string) =>
        userErrors.push({
          field: ["metafields", String(i), field],
          message,
          code,
          elementIndex: i,
        });
      const ownerId = input.ownerId as string;
      const key = input.key as string;
      const namespace = this.resolveNamespace(input.namespace as string | undefined);
      const value = input.value as string;
      const owner = this.owner(ownerId);
      if (!owner) return err("ownerId", "Owner does not exist.", "INVALID");
      const declaredType =
        namespace === this.resolveNamespace("$app")
          ? this.declaredTypes[owner.ownerType][key]?.replace(/<.*>$/, "")
          : undefined;
      const created = this.definitions.find(
        (d) => d.ownerType === owner.ownerType && d.namespace === namespace && d.key === key,
      );
      const definition =
        created ?? (declaredType ? { type: declaredType, validations: [] } : undefined);
      const type = (input.type as string | undefined) ?? definition?.type;
      if (!type) return err("type", "Type can't be blank.", "BLANK");
      if (definition && definition.type !== type) {
        return err(
          "type",
          `Type must be ${definition.type} to match the definition.`,
          "INVALID_TYPE",
        );
      }
      const rule = VALUE_RULES[type];
      if (!rule) return err("type", `${type} is not a supported type.`, "INVALID_TYPE");
      if (value.trim() === "") return err("value", "Value can't be blank.", "BLANK");
      const problem = rule(value);
      if (problem) return err("value", `Value ${problem}.`, "INVALID_VALUE");
      if (type === "file_reference" && !this.files.has(value)) {
        return err("value", "Value references a file that does not exist.", "INVALID_VALUE");
      }
      const referenced =
        type === "metaobject_reference"
          ? [value]
          : type === "list.metaobject_reference"
            ? (JSON.parse(value) as string[])
            : [];
      if (referenced.some((id) => !this.metaobjects.byId(id))) {
        return err("value", "Value references a metaobject that does not exist.", "INVALID_VALUE");
      }
      const choices = definition?.validations.find((v) => v.name === "choices");
      if (choices && !(JSON.parse(choices.value) as string[]).includes(value)) {
        return err("value", "Value does not exist in provided choices.", "INCLUSION");
      }
      accepted.push({ ownerId, namespace, key, type, value });
    });
    if (userErrors.length > 0) return { metafields: null, userErrors };
    const now = new Date().toISOString();
    const saved = accepted.map((a) => {
      const existing = this.metafield(a.ownerId, a.namespace, a.key);
      if (existing)
        return Object.assign(existing, { type: a.type, value: a.value, updatedAt: now });
      const created = { ...a, id: `gid://shopify/Metafield/${this.nextId++}`, updatedAt: now };
      this.metafields.push(created);
      return created;
    });
    return { metafields: saved.map((m) => this.metafieldView(m)), userErrors: [] };
  }

  private metafieldsDelete(identifiers: { ownerId: string; namespace: string; key: string }[]) {
    const scripted = this.scripted("metafieldsDelete");
    if (scripted) return { deletedMetafields: null, userErrors: scripted };
    const deletedMetafields = identifiers.map(({ ownerId, namespace, key }) => {
      const m = this.metafield(ownerId, namespace, key);
      if (!m) return null;
      this.metafields.splice(this.metafields.indexOf(m), 1);
      return { ownerId, namespace: m.namespace, key };
    });
    return { deletedMetafields, userErrors: [] };
  }

  private definitionCreate(input: Record<string, unknown>) {
    const scripted = this.scripted("metafieldDefinitionCreate");
    if (scripted) return { createdDefinition: null, userErrors: scripted };
    const namespace = this.resolveNamespace(input.namespace as string | undefined);
    const key = input.key as string;
    const ownerType = input.ownerType as string;
    const type = input.type as string;
    if (
      this.definitions.some(
        (d) => d.ownerType === ownerType && d.namespace === namespace && d.key === key,
      )
    ) {
      return {
        createdDefinition: null,
        userErrors: [
          {
            field: ["definition", "key"],
            message: `Key is in use for ${ownerType.toLowerCase()} metafields on the '${namespace}' namespace.`,
            code: "TAKEN",
          },
        ],
      };
    }
    if (!VALUE_RULES[type]) {
      return {
        createdDefinition: null,
        userErrors: [
          {
            field: ["definition", "type"],
            message: "Type is not included in the list",
            code: "INCLUSION",
          },
        ],
      };
    }
    const access = input.access as { storefront?: string } | undefined;
    const definition: DefinitionState = {
      id: `gid://shopify/MetafieldDefinition/${this.nextId++}`,
      ownerType,
      namespace,
      key,
      type,
      name: input.name as string,
      description: (input.description as string | undefined) ?? null,
      storefrontAccess: access?.storefront ?? "NONE",
      validations: (input.validations as { name: string; value: string }[] | undefined) ?? [],
    };
    this.definitions.push(definition);
    return { createdDefinition: this.definitionView(definition), userErrors: [] };
  }

  private stagedUploadsCreate(inputs: Record<string, unknown>[]) {
    const stagedTargets = inputs.map((input) => {
      const filename = input.filename as string;
      const mimeType = input.mimeType as string;
      const method = ((input.httpMethod as string | undefined) ?? "PUT") as "POST" | "PUT";
      const objectKey = `tmp/${this.config.appId}/${this.nextId++}/${encodeURIComponent(filename)}`;
      const resourceUrl = `${STAGED_UPLOAD_ORIGIN}/${objectKey}`;
      // POST targets are a policy form (fields first, file last); PUT targets a signed URL whose
      // parameters are headers to send (Shopify docs, "stagedUploadsCreate").
      const target: StagedTargetState =
        method === "POST"
          ? {
              url: `${STAGED_UPLOAD_ORIGIN}/`,
              resourceUrl,
              method,
              filename,
              mimeType,
              uploaded: null,
              parameters: [
                { name: "Content-Type", value: mimeType },
                { name: "success_action_status", value: "201" },
                { name: "acl", value: "private" },
                { name: "key", value: objectKey },
                { name: "x-goog-algorithm", value: "GOOG4-RSA-SHA256" },
                {
                  name: "x-goog-credential",
                  value: "double@shopify-staged-uploads/20260101/auto/storage/goog4_request",
                },
                { name: "x-goog-date", value: "20260101T000000Z" },
                { name: "policy", value: Buffer.from(objectKey).toString("base64") },
                { name: "x-goog-signature", value: `sig${this.nextId}` },
              ],
            }
          : {
              url: `${resourceUrl}?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Signature=sig${this.nextId}`,
              resourceUrl,
              method,
              filename,
              mimeType,
              uploaded: null,
              parameters: [
                { name: "content_type", value: mimeType },
                { name: "acl", value: "private" },
              ],
            };
      this.stagedTargets.set(resourceUrl, target);
      return { url: target.url, resourceUrl, parameters: target.parameters };
    });
    return { stagedTargets, userErrors: [] };
  }

  private fileCreate(inputs: Record<string, unknown>[]) {
    const scripted = this.scripted("fileCreate");
    if (scripted) return { files: null, userErrors: scripted };
    const files = inputs.map((input) => {
      const source = input.originalSource as string;
      const staged = this.stagedTargets.get(source);
      const file: FileState = {
        id: `gid://shopify/GenericFile/${this.nextId++}`,
        filename: (input.filename as string | undefined) ?? staged?.filename ?? "file",
        originalSource: source,
        mimeType: staged?.mimeType ?? null,
        alt: (input.alt as string | undefined) ?? null,
        status: "UPLOADED",
        polls: 0,
        // A staged URL whose upload never arrived fails in processing, as on Shopify.
        bytes: staged?.uploaded ?? null,
        createdAt: new Date().toISOString(),
      };
      this.files.set(file.id, file);
      this.filesCreated += 1;
      return this.fileView(file.id);
    });
    return { files, userErrors: [] };
  }
}
