import { z } from "zod";
import {
  LAB_RESULTS_DEFINITIONS,
  LAB_RESULTS_NAMESPACE,
  type LabResultsKey,
  type PlannedMetafield,
} from "~/pipeline/publish-plan";
import {
  runAdminOperation,
  userErrorSchema,
  type AdminGraphql,
  orUnknown,
  type MutationResult,
} from "./shopify-admin-client.server";

/**
 * The lab-results metafields on products: their definitions (app-owned namespace, readable by the
 * storefront) and their values.
 */
const METAFIELD_DEFINITIONS = `#graphql
  query LabResultsMetafieldDefinitions($namespace: String!) {
    metafieldDefinitions(ownerType: PRODUCT, namespace: $namespace, first: 50) {
      nodes {
        id
        key
      }
    }
  }
`;

const METAFIELD_DEFINITION_CREATE = `#graphql
  mutation LabResultsMetafieldDefinitionCreate($definition: MetafieldDefinitionInput!) {
    metafieldDefinitionCreate(definition: $definition) {
      createdDefinition {
        id
        key
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

const METAFIELDS_SET = `#graphql
  mutation LabResultsMetafieldsSet($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      metafields {
        id
        key
        namespace
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

const METAFIELDS_DELETE = `#graphql
  mutation LabResultsMetafieldsDelete($metafields: [MetafieldIdentifierInput!]!) {
    metafieldsDelete(metafields: $metafields) {
      deletedMetafields {
        key
      }
      userErrors {
        field
        message
      }
    }
  }
`;

/**
 * Makes sure every lab-results metafield definition exists, readable by the storefront (Liquid reads
 * app-owned metafields only through a definition with storefront PUBLIC_READ). Safe to repeat:
 * existing keys are skipped, and TAKEN (another run created it meanwhile) counts as done.
 */
export async function ensureLabResultsDefinitions(
  admin: AdminGraphql,
): Promise<MutationResult<{ created: LabResultsKey[] }>> {
  const existing = await runAdminOperation(
    admin,
    METAFIELD_DEFINITIONS,
    { namespace: LAB_RESULTS_NAMESPACE },
    z.object({
      metafieldDefinitions: z.object({
        nodes: z.array(z.object({ id: z.string(), key: z.string() })),
      }),
    }),
  );
  const have = new Set(existing.metafieldDefinitions.nodes.map((n) => n.key));
  const created: LabResultsKey[] = [];
  for (const spec of LAB_RESULTS_DEFINITIONS) {
    if (have.has(spec.key)) continue;
    const data = await runAdminOperation(
      admin,
      METAFIELD_DEFINITION_CREATE,
      {
        definition: {
          namespace: LAB_RESULTS_NAMESPACE,
          key: spec.key,
          name: spec.name,
          description: spec.description,
          type: spec.type,
          ownerType: "PRODUCT",
          access: { storefront: "PUBLIC_READ" },
          validations: spec.validations,
        },
      },
      z.object({
        metafieldDefinitionCreate: z.object({
          createdDefinition: z.object({ id: z.string(), key: z.string() }).nullable(),
          userErrors: z.array(userErrorSchema),
        }),
      }),
    );
    const errors = data.metafieldDefinitionCreate.userErrors.filter((e) => e.code !== "TAKEN");
    if (errors.length > 0) return { ok: false, userErrors: errors };
    if (data.metafieldDefinitionCreate.createdDefinition) created.push(spec.key);
  }
  return { ok: true, value: { created } };
}

/** Sets the lab-results metafields on a product (atomically: Shopify sets all or none). */
export async function setLabResultsMetafields(
  admin: AdminGraphql,
  ownerId: string,
  metafields: PlannedMetafield[],
): Promise<MutationResult<{ keys: string[] }>> {
  const data = await runAdminOperation(
    admin,
    METAFIELDS_SET,
    {
      metafields: metafields.map((m) => ({
        ownerId,
        namespace: LAB_RESULTS_NAMESPACE,
        key: m.key,
        type: m.type,
        value: m.value,
      })),
    },
    z.object({
      metafieldsSet: z.object({
        metafields: z.array(z.object({ id: z.string(), key: z.string() })).nullable(),
        userErrors: z.array(userErrorSchema),
      }),
    }),
  );
  const { metafields: saved, userErrors } = data.metafieldsSet;
  if (userErrors.length > 0 || !saved) return { ok: false, userErrors: orUnknown(userErrors) };
  return { ok: true, value: { keys: saved.map((m) => m.key) } };
}

/** Removes lab-results metafields the new report has no value for (a missing one is no error). */
export async function removeLabResultsMetafields(
  admin: AdminGraphql,
  ownerId: string,
  keys: LabResultsKey[],
): Promise<MutationResult<null>> {
  if (keys.length === 0) return { ok: true, value: null };
  const data = await runAdminOperation(
    admin,
    METAFIELDS_DELETE,
    { metafields: keys.map((key) => ({ ownerId, namespace: LAB_RESULTS_NAMESPACE, key })) },
    z.object({ metafieldsDelete: z.object({ userErrors: z.array(userErrorSchema) }) }),
  );
  const { userErrors } = data.metafieldsDelete;
  return userErrors.length > 0 ? { ok: false, userErrors } : { ok: true, value: null };
}
