import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOpenAiDouble, type OpenAiDouble } from "../../test/doubles/openai-server";
import { runDescribeCommand } from "./describe-command";

const repo = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const corpusDir = process.env.COA_CORPUS_DIR ?? resolve(repo, "../shared/coa-corpus");
const coa = resolve(corpusDir, "01_sc-labs_cherry-punch.pdf");

async function run(argv: string[], env: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runDescribeCommand(
    argv,
    { stdout: (t) => out.push(t), stderr: (t) => err.push(t) },
    env,
  );
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

describe("the lab command", () => {
  beforeAll(() => {
    if (!existsSync(coa)) throw new Error(`The COA corpus is missing: ${corpusDir}`);
  });

  it("prints exactly the report, the description and the warnings with --json, without a key", async () => {
    const { code, stdout } = await run([coa, "--json", "--region", "US-CA", "--tone", "premium"]);
    expect(code).toBe(0);
    const printed = JSON.parse(stdout) as Record<string, unknown>;
    expect(Object.keys(printed)).toEqual(["report", "description", "warnings"]);
    const description = printed.description as { model: string; disclosures: string[] };
    expect(description.model).toBe("template");
    expect(description.disclosures).toContain(
      "The FDA has not evaluated this product for safety or efficacy.",
    );
  });

  it("prints a readable summary, the description as text and its HTML", async () => {
    const { code, stdout } = await run([coa, "--length", "short"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^LAB REPORT/);
    expect(stdout).toContain("COMPLIANCE GUARD: passed");
    expect(stdout).toContain('<a href="https://coa-link.invalid/pending">');
  });

  it("refuses a bad setting or a missing file with a usage message", async () => {
    expect((await run([coa, "--tone", "shouty"])).code).toBe(2);
    const missing = await run(["/nonexistent.pdf", "--json"]);
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout)).toEqual({
      error: { code: "file-not-readable", message: "Cannot read the file /nonexistent.pdf." },
    });
  });

  describe("with OPENAI_API_KEY", () => {
    let double: OpenAiDouble;
    beforeAll(async () => {
      double = await startOpenAiDouble();
    });
    afterAll(async () => {
      await double.close();
    });

    it("asks the model at OPENAI_BASE_URL and reports a rate limit as a typed error", async () => {
      double.script({ kind: "rate-limited", retryAfterSeconds: 3 });
      const { code, stdout } = await run([coa, "--json"], {
        OPENAI_API_KEY: "sk-test",
        OPENAI_BASE_URL: double.baseURL,
        OPENAI_MODEL: "gpt-4o-mini",
      });
      expect(code).toBe(1);
      expect(JSON.parse(stdout).error.code).toBe("model-rate-limited");
      expect(double.requests.at(-1)?.body.model).toBe("gpt-4o-mini");
    });
  });
});
