/**
 * The editor's content as the description's allowlist (app/pipeline/sanitize-description-html.ts):
 * p, h3, ul, li, strong, em, table rows and https links — whatever the browser's editing put in
 * the DOM (div, b, i, h2, br, spans with styles). The server sanitises again on save; this keeps
 * what the merchant sees in the editor equal to what is stored.
 */

/** The COA link while editing: the real address is only known when publishing. */
export const COA_LINK_EDITING_HREF = "#coa-pdf";

const RENAME: Record<string, string> = {
  b: "strong",
  strong: "strong",
  i: "em",
  em: "em",
  p: "p",
  div: "p",
  h1: "h3",
  h2: "h3",
  h3: "h3",
  h4: "h3",
  h5: "h3",
  h6: "h3",
  ul: "ul",
  ol: "ul",
  li: "li",
  table: "table",
  thead: "thead",
  tbody: "tbody",
  tr: "tr",
  th: "th",
  td: "td",
  a: "a",
};
const BLOCKS = new Set(["p", "h3", "ul", "table"]);

function escapeText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function allowedHref(href: string | null): string | null {
  if (!href) return null;
  if (href === COA_LINK_EDITING_HREF) return href;
  try {
    return new URL(href).protocol === "https:" ? href : null;
  } catch {
    return null;
  }
}

function serialize(node: Node, insideBlock: boolean): string {
  if (node.nodeType === 3) return escapeText(node.textContent ?? "");
  if (node.nodeType !== 1) return "";
  const element = node as Element;
  const tag = element.tagName.toLowerCase();
  if (["script", "style", "iframe", "object", "noscript", "textarea"].includes(tag)) return "";
  if (tag === "br") return insideBlock ? " " : "";
  const target = RENAME[tag];
  // A block inside a block (a div the browser nested in a p) becomes its contents.
  const isBlock = target !== undefined && BLOCKS.has(target);
  const children = [...element.childNodes]
    .map((child) => serialize(child, insideBlock || isBlock))
    .join("");
  if (!target || (isBlock && insideBlock && target !== "ul" && target !== "table")) {
    return children;
  }
  if (target === "a") {
    const href = allowedHref(element.getAttribute("href"));
    return href ? `<a href="${href.replace(/"/g, "&quot;")}">${children}</a>` : children;
  }
  if (children.trim() === "" && target !== "td" && target !== "th") return "";
  return `<${target}>${children}</${target}>`;
}

/** Top-level text the browser left outside any block goes in a paragraph of its own. */
export function editorHtml(root: Element): string {
  const parts: string[] = [];
  let loose = "";
  for (const child of [...root.childNodes]) {
    const tag = child.nodeType === 1 ? (child as Element).tagName.toLowerCase() : "";
    const target = RENAME[tag];
    if (target && BLOCKS.has(target)) {
      if (loose.trim() !== "") parts.push(`<p>${loose.trim()}</p>`);
      loose = "";
      parts.push(serialize(child, false));
    } else {
      loose += serialize(child, true);
    }
  }
  if (loose.trim() !== "") parts.push(`<p>${loose.trim()}</p>`);
  return parts.filter((part) => part !== "").join("\n");
}
