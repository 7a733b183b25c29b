import { configDefaults, defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

const ALL = ["app/**/*.test.{ts,tsx}", "test/**/*.test.{ts,tsx}", "scripts/**/*.test.ts"];
const BROWSER = ["test/browser/**/*.test.ts"];

/**
 * Two projects: everything but the browser, run in parallel; and the browser tests, one file at a
 * time, so Chromium's frames and screenshots never wait behind the OCR tests for a core.
 * `npm test` runs them one after the other (`vitest run` alone runs both at once).
 */
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    setupFiles: ["./test/setup.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ALL, exclude: [...configDefaults.exclude, ...BROWSER] },
      },
      {
        extends: true,
        test: { name: "browser", include: BROWSER, fileParallelism: false },
      },
    ],
  },
});
