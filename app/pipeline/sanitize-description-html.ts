import sanitizeHtml from "sanitize-html";

/**
 * The description's HTML allowlist (DESIGN.md, "The description"): p, h3, ul, li, strong, em, a table
 * for the potency summary, and links with an https href only. Everything else — scripts, styles,
 * event handlers, images, javascript: and http: links — is dropped. Publishing sanitises again.
 */
const DESCRIPTION_HTML_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    "p",
    "h3",
    "ul",
    "li",
    "strong",
    "em",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "a",
  ],
  allowedAttributes: { a: ["href"] },
  allowedSchemes: ["https"],
  allowedSchemesByTag: { a: ["https"] },
  allowProtocolRelative: false,
  // Text inside dropped tags like <script> and <style> goes too, not only the tags.
  nonTextTags: ["script", "style", "textarea", "option", "noscript", "iframe", "object"],
  disallowedTagsMode: "discard",
};

export function sanitizeDescriptionHtml(html: string): string {
  return sanitizeHtml(html, DESCRIPTION_HTML_OPTIONS).trim();
}

/** Plain-text fields (SEO, highlights, disclosures) carry no markup at all. */
export function toPlainText(value: string): string {
  const text = sanitizeHtml(value, {
    allowedTags: [],
    allowedAttributes: {},
    nonTextTags: ["script", "style"],
  });
  // Angle brackets go as well, so no decoded "&lt;script&gt;" can turn back into markup downstream.
  return decodeEntities(text).replace(/[<>]/g, " ").replace(/\s+/g, " ").trim();
}

/** The readable text of description HTML, for checks and the CLI (block tags become line breaks). */
export function htmlToText(html: string): string {
  const spaced = html.replace(/<\/(p|h3|li|tr|table|ul)>/gi, "\n").replace(/<\/(td|th)>/gi, "\t");
  const text = sanitizeHtml(spaced, { allowedTags: [], allowedAttributes: {} });
  return (
    decodeEntities(text)
      .split("\n")
      // Table cells stay tab-separated, so a row reads "Total THC<tab>21.3%".
      .map((line) =>
        line
          .replace(/ +/g, " ")
          .replace(/ *\t */g, "\t")
          .trim(),
      )
      .filter((line) => line !== "")
      .join("\n")
  );
}

const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  "#39": "'",
  apos: "'",
};

function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39|apos|#x[0-9a-f]+|#\d+);/gi, (entity, name: string) => {
    const known = ENTITIES[name.toLowerCase()];
    if (known !== undefined) return known;
    const code =
      name.startsWith("#x") || name.startsWith("#X")
        ? Number.parseInt(name.slice(2), 16)
        : Number.parseInt(name.slice(1), 10);
    return Number.isFinite(code) ? String.fromCodePoint(code) : entity;
  });
}

/** Escapes text for HTML. The built-in writer escapes every report value it puts in markup. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}
