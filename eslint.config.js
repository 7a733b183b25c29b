import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

const noPrisma = {
  regex: "^(@prisma/client|~/db\\.server|(\\.{1,2}/)+db\\.server)$",
  message:
    "Only app/models (and app/db.server.ts) use Prisma: call a model function, and take the client from a composition root (app/composition).",
};
const noModels = {
  regex: "^(~/models/|(\\.\\./)+models/)",
  message: "Call app/merchant, app/ops or a composition root (app/composition), not app/models.",
};

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "build/",
      ".cache/",
      "public/build/",
      "extensions/*/dist/",
      "prisma/**/generated/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
      "@typescript-eslint/ban-ts-comment": [
        "error",
        { "ts-ignore": true, "ts-expect-error": "allow-with-description" },
      ],
    },
  },
  {
    // One home for data (STYLE.md rule 14): only app/models and app/db.server.ts reach Prisma. The
    // composition roots (and the template's app/shopify.server.ts) hand the client to the models.
    files: ["app/**/*.{ts,tsx}"],
    ignores: [
      "app/models/**",
      "app/db.server.ts",
      "app/shopify.server.ts",
      "app/composition/**",
      "app/pipeline/**",
      "app/integrations/**",
      "app/routes/**",
      "app/**/*.test.{ts,tsx}",
    ],
    rules: {
      "no-restricted-imports": ["error", { patterns: [noPrisma] }],
    },
  },
  {
    // Routes are thin (STYLE.md rule 1): no Prisma, no data access of their own.
    files: ["app/routes/**/*.{ts,tsx}"],
    ignores: ["app/routes/**/*.test.{ts,tsx}"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [noPrisma, noModels] }],
    },
  },
  {
    // One vendor per integration file (STYLE.md rule 3): an integration serves the app; it never
    // reaches into routes, models or the database.
    files: ["app/integrations/**/*.ts"],
    ignores: ["app/integrations/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            noPrisma,
            noModels,
            {
              regex: "^(~/routes/|(\\.\\./)+routes/)",
              message: "app/integrations never imports a route.",
            },
            {
              // docs/decisions/016-publishing-over-a-port.md: the pipeline decides, the adapter applies.
              regex: "^~/pipeline/(publish-lab-report|restore-product)$",
              message:
                "Publishing is the pipeline's; an integration only applies what it is given.",
            },
            {
              regex: "^~/pipeline/(publish-plan|lab-report-entry)$",
              importNames: [
                "planLabReportPublish",
                "planLabReportEntry",
                "nextReferences",
                "referencesAfterPublish",
                "linkCoa",
              ],
              message: "Planning is the pipeline's; an integration only applies what it is given.",
            },
          ],
        },
      ],
    },
  },
  {
    // The pipeline is framework-free (STYLE.md rule 2; docs/decisions/011-app-layer-map.md): only
    // zod, sanitize-html and its own files. `./x` stays inside app/pipeline; any `../` leaves it.
    files: ["app/pipeline/**/*.ts"],
    ignores: ["app/pipeline/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(?!zod$|zod/|sanitize-html$|\\./(?!.*\\.\\./)).*",
              message:
                "app/pipeline is framework-free: import only zod, sanitize-html and files of app/pipeline (./…). Receive the outside world through a port.",
            },
          ],
        },
      ],
      "no-restricted-globals": [
        "error",
        { name: "process", message: "app/pipeline reads no environment: pass settings in." },
      ],
    },
  },
);
