import { z } from "zod";

// JSON values live in String columns on both providers (docs/decisions/003), so every read goes
// through zod: a malformed or outdated value becomes the fallback instead of a crash.
export function readJson<T>(text: string | null, schema: z.ZodType<T>, fallback: T): T {
  if (text === null) return fallback;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : fallback;
  } catch {
    return fallback;
  }
}

export const stringListSchema = z.array(z.string());

export function readStringList(text: string | null): string[] {
  return readJson(text, stringListSchema, []);
}
