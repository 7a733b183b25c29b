import { describe, expect, it } from "vitest";
import { htmlToText, sanitizeDescriptionHtml, toPlainText } from "./sanitize-description-html";

describe("the description sanitiser", () => {
  it("keeps the allowlisted tags and https links", () => {
    const html =
      '<h3>Potency</h3><p><strong>Bold</strong> <em>it</em></p><ul><li>a</li></ul><table><thead><tr><th>A</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table><p><a href="https://example.com/coa">COA</a></p>';
    expect(sanitizeDescriptionHtml(html)).toBe(html);
  });

  it("drops scripts with their content, event handlers, styles, images and iframes", () => {
    const html =
      '<p onclick="steal()" style="color:red">Hi<script>alert(1)</script><img src=x onerror=alert(2)><iframe src="https://evil.example"></iframe></p><style>p{}</style>';
    expect(sanitizeDescriptionHtml(html)).toBe("<p>Hi</p>");
  });

  it("keeps only https hrefs", () => {
    expect(sanitizeDescriptionHtml('<a href="javascript:alert(1)">x</a>')).toBe("<a>x</a>");
    expect(sanitizeDescriptionHtml('<a href="http://example.com">x</a>')).toBe("<a>x</a>");
    expect(sanitizeDescriptionHtml('<a href="//example.com">x</a>')).toBe("<a>x</a>");
  });

  it("is stable: sanitising twice changes nothing more", () => {
    const once = sanitizeDescriptionHtml("<p>A &amp; B &lt;LOQ<br><b>x</b></p><div>d</div>");
    expect(sanitizeDescriptionHtml(once)).toBe(once);
  });
});

describe("plain text", () => {
  it("has no markup and no angle brackets, even ones that arrived as entities", () => {
    expect(toPlainText("Total <b>THC</b> &lt;script&gt; 20%")).toBe("Total THC script 20%");
  });

  it("reads HTML as lines of text for checks and the terminal", () => {
    expect(htmlToText("<p>One &amp; two</p><ul><li>a</li><li>b</li></ul>")).toBe("One & two\na\nb");
  });
});
