import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

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
    // The pipeline is framework-free (STYLE.md rule 2): only zod, sanitize-html and its own files.
    files: ["app/pipeline/**/*.ts"],
    ignores: ["app/pipeline/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(?!zod$|zod/|sanitize-html$|\\./|\\.\\./).*",
              message:
                "app/pipeline is framework-free: import only zod, sanitize-html and files of app/pipeline. Receive the outside world through a port.",
            },
            {
              regex: "^\\.\\./\\.\\./",
              message: "app/pipeline may not import from outside app/pipeline.",
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
