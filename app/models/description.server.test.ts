import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../test/db";
import {
  addDescriptionVersion,
  latestDescription,
  listDescriptions,
  markDescriptionPublished,
} from "./description.server";
import { createLabReport } from "./lab-report.server";
import { recordInstall } from "./shop.server";

const db = useTestDatabase();

async function report(shop: string) {
  return createLabReport(db().prisma, {
    shop,
    fileName: "coa.pdf",
    sha256: "b".repeat(64),
    sizeBytes: 3,
    bytes: new Uint8Array([37, 80, 68]),
  });
}

const draft = (html: string) => ({
  html,
  seoTitle: "Cherry Punch lab results",
  seoDescription: "Potency and safety results",
  highlights: ["Passed pesticides"],
  source: "model" as const,
  model: "gpt-4o",
  promptVersion: "2026-11-01",
});

describe("descriptions", () => {
  it("numbers versions per report and returns the latest", async () => {
    const { id } = await report("versions.myshopify.com");
    await addDescriptionVersion(db().prisma, "versions.myshopify.com", id, draft("<p>one</p>"));
    await addDescriptionVersion(db().prisma, "versions.myshopify.com", id, {
      ...draft("<p>two</p>"),
      source: "merchant",
    });
    const latest = await latestDescription(db().prisma, "versions.myshopify.com", id);
    expect(latest).toMatchObject({ version: 2, html: "<p>two</p>", source: "merchant" });
    expect(
      (await listDescriptions(db().prisma, "versions.myshopify.com", id)).map((d) => d.version),
    ).toEqual([2, 1]);
  });

  it("gives concurrent writers distinct version numbers", async () => {
    const { id } = await report("concurrent.myshopify.com");
    await Promise.all(
      [1, 2, 3].map((n) =>
        addDescriptionVersion(db().prisma, "concurrent.myshopify.com", id, draft(`<p>${n}</p>`)),
      ),
    );
    const versions = (await listDescriptions(db().prisma, "concurrent.myshopify.com", id)).map(
      (d) => d.version,
    );
    expect(versions).toEqual([3, 2, 1]);
  });

  it("will not attach a description to another shop's report, nor publish it", async () => {
    const { id } = await report("mine.myshopify.com");
    await recordInstall(db().prisma, "theirs.myshopify.com");
    expect(
      await addDescriptionVersion(db().prisma, "theirs.myshopify.com", id, draft("<p>x</p>")),
    ).toEqual({
      ok: false,
      reason: "not-found",
    });
    const added = await addDescriptionVersion(
      db().prisma,
      "mine.myshopify.com",
      id,
      draft("<p>ok</p>"),
    );
    if (!added.ok) throw new Error("expected the owner's description to be added");
    expect(
      await markDescriptionPublished(db().prisma, "theirs.myshopify.com", added.description.id),
    ).toBe(false);
    const at = new Date("2026-05-01T12:00:00Z");
    expect(
      await markDescriptionPublished(db().prisma, "mine.myshopify.com", added.description.id, at),
    ).toBe(true);
    expect(
      (await latestDescription(db().prisma, "mine.myshopify.com", id))?.publishedAt?.toISOString(),
    ).toBe(at.toISOString());
  });
});
