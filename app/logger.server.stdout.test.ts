import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The app's stdout destination, in a process of its own whose stdout is a pipe nobody reads for a
 * while (a stalled log collector): logging must go on, not wait for the reader.
 */
const LOGGER = path.resolve("app/logger.server.ts");
const METRICS = path.resolve("app/service/prometheus-metrics.server.ts");
const LINES = 4_000;

/** A child that logs LINES lines of about 450 bytes, then reports what was dropped and /metrics. */
function child(bufferBytes?: number): ChildProcess {
  const code = `
process.env.LOG_LEVEL = "info";
const { createLogger, stdoutDestination, droppedLogLines } = await import(${JSON.stringify(LOGGER)});
const { createPrometheusMetrics } = await import(${JSON.stringify(METRICS)});
const log = createLogger(stdoutDestination(${bufferBytes ?? ""}));
for (let i = 0; i < ${LINES}; i++) log.info({ i, pad: "x".repeat(400) }, "line");
const metrics = await createPrometheusMetrics({ defaultMetrics: false }).registry.metrics();
process.send({ dropped: droppedLogLines(), metrics }, () => process.disconnect());
`;
  return spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], {
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
}

interface Report {
  dropped: number;
  metrics: string;
}

/** What the child reported once it had logged everything, or null if it never got that far. */
function reportOf(process: ChildProcess): Promise<Report | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), 30_000);
    process.once("message", (message) => {
      clearTimeout(timer);
      resolve(message as Report);
    });
    process.once("exit", () => {
      clearTimeout(timer);
      resolve(null);
    });
  });
}

/** Reads the child's stdout from now on and gives its lines' sequence numbers once it exits. */
async function linesOut(process: ChildProcess) {
  let out = "";
  process.stdout?.on("data", (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => process.once("exit", resolve));
  const numbers = out
    .split("\n")
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { i: number }).i);
  return { code, numbers };
}

describe("the logger's stdout", () => {
  it("keeps logging while stdout's reader stalls, then delivers every line in order", async () => {
    const logger = child();
    let stderr = "";
    logger.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      // Nothing reads the child's stdout yet: 2 MB of lines is thirty times the pipe's buffer.
      const report = await reportOf(logger);
      expect(report, `the child waited on its stdout pipe\n${stderr}`).not.toBeNull();
      expect(report?.dropped).toBe(0);
      const { code, numbers } = await linesOut(logger);
      expect(code, stderr).toBe(0);
      expect(numbers).toEqual(Array.from({ length: LINES }, (_, i) => i));
    } finally {
      logger.kill("SIGKILL");
    }
  }, 60_000);

  it("holds no more than its buffer while the reader stalls, and counts the lines it drops", async () => {
    const logger = child(64 * 1024);
    let stderr = "";
    logger.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      const report = await reportOf(logger);
      expect(report, stderr).not.toBeNull();
      const dropped = report?.dropped ?? 0;
      expect(dropped).toBeGreaterThan(LINES / 2);
      expect(report?.metrics).toContain(`heady_log_lines_dropped_total ${dropped}`);
      const { code, numbers } = await linesOut(logger);
      expect(code, stderr).toBe(0);
      // What was kept arrives whole and in order; only whole lines are missing.
      expect(numbers.length).toBe(LINES - dropped);
      expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    } finally {
      logger.kill("SIGKILL");
    }
  }, 60_000);
});
