/** The records the Shopify Admin double keeps, and the metafield value rules it enforces. */

export type UserErrorValue = { field: string[] | null; message: string; code?: string | null };

export type MetafieldState = {
  id: string;
  ownerId: string;
  namespace: string;
  key: string;
  type: string;
  value: string;
  updatedAt: string;
};

export type VariantState = { id: string; title: string; sku: string | null };

export type ProductState = {
  id: string;
  title: string;
  handle: string;
  status: "ACTIVE" | "DRAFT" | "ARCHIVED";
  /** Shopify gives every product at least one variant ("Default Title"). */
  variants: VariantState[];
  descriptionHtml: string;
  seo: { title: string | null; description: string | null };
  productType: string;
  vendor: string;
  tags: string[];
  /** Variant ids (gid://shopify/ProductVariant/…); every product has at least its default one. */
  variantIds: string[];
};

export type DefinitionState = {
  id: string;
  ownerType: string;
  namespace: string;
  key: string;
  name: string;
  description: string | null;
  type: string;
  storefrontAccess: string;
  validations: { name: string; value: string }[];
};

export type FileState = {
  id: string;
  filename: string;
  originalSource: string;
  mimeType: string | null;
  alt: string | null;
  status: "UPLOADED" | "PROCESSING" | "READY" | "FAILED";
  polls: number;
  bytes: Uint8Array | null;
  createdAt: string;
};

export type StagedTargetState = {
  url: string;
  resourceUrl: string;
  method: "POST" | "PUT";
  parameters: { name: string; value: string }[];
  filename: string;
  mimeType: string;
  uploaded: Uint8Array | null;
};

export type DoubleConfig = {
  shop: string;
  appId: string;
  fileReadyAfterPolls: number;
  /** The shop's primary domain (Online Store → Domains); the myshopify domain when unset. */
  primaryDomainUrl?: string;
};

/** Where staged uploads go (Shopify hands out Google Cloud Storage targets). */
export const STAGED_UPLOAD_ORIGIN = "https://shopify-staged-uploads.storage.googleapis.com";

/** Shopify's metafield types the double understands, with the value rules it enforces. */
export const VALUE_RULES: Record<string, (value: string) => string | null> = {
  single_line_text_field: (v) => (/[\r\n]/.test(v) ? "must be a single line" : null),
  multi_line_text_field: () => null,
  json: (v) => {
    try {
      JSON.parse(v);
      return null;
    } catch {
      return "must be valid JSON";
    }
  },
  date: (v) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? null : "must be a date in ISO 8601 format"),
  url: (v) => (/^https?:\/\/\S+$/i.test(v) ? null : "must be a URL with an http or https scheme"),
  number_decimal: (v) => (/^-?\d+(\.\d+)?$/.test(v) ? null : "must be a decimal"),
  number_integer: (v) => (/^-?\d+$/.test(v) ? null : "must be an integer"),
  boolean: (v) => (v === "true" || v === "false" ? null : "must be true or false"),
  file_reference: (v) => (/^gid:\/\/shopify\/\w+\/\d+$/.test(v) ? null : "must be a file GID"),
  metaobject_reference: (v) =>
    /^gid:\/\/shopify\/Metaobject\/\d+$/.test(v) ? null : "must be a metaobject GID",
  "list.metaobject_reference": (v) => {
    try {
      const list: unknown = JSON.parse(v);
      return Array.isArray(list) &&
        list.every((id) => typeof id === "string" && /^gid:\/\/shopify\/Metaobject\/\d+$/.test(id))
        ? null
        : "must be a JSON list of metaobject GIDs";
    } catch {
      return "must be a JSON list of metaobject GIDs";
    }
  },
};

export function connection<T>(nodes: T[]) {
  return {
    nodes,
    edges: nodes.map((node, i) => ({ node, cursor: String(i) })),
    pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
  };
}
