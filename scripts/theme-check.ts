import { readdirSync } from "node:fs";
import { join } from "node:path";
import { themeCheckRun } from "@shopify/theme-check-node";

/**
 * Runs Shopify's Theme Check on every theme app extension in extensions/. It works offline: without
 * a network it uses the Liquid docs bundled in @shopify/theme-check-docs-updater.
 *   npm run check:theme
 */
const root = join(import.meta.dirname, "..", "extensions");
const themes = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => join(root, d.name));

let errors = 0;
for (const theme of themes) {
  const { offenses } = await themeCheckRun(theme, undefined, () => {});
  for (const o of offenses) {
    // Severity 0 is an error, 1 a warning, 2 information.
    if (o.severity === 0) errors += 1;
    const level = ["error", "warning", "info"][o.severity] ?? "info";
    console.log(
      `${level} ${o.check} ${o.uri.replace(/^file:\/\//, "")}:${o.start.line + 1} ${o.message}`,
    );
  }
  console.log(`${theme}: ${offenses.length} offenses`);
}
process.exit(errors > 0 ? 1 : 0);
