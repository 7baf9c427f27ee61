import { parseDocument } from 'htmlparser2';
import { isTag, isText, type ChildNode, type Element } from 'domhandler';

/**
 * A page saved from a browser, reduced to the text a reader sees, one block per line: the
 * readers then read it like a text page, and this text is the document the graph keeps, so
 * that every excerpt is verbatim in it.
 *
 * Parsed with htmlparser2 (a forgiving, widely used HTML parser that decodes entities and
 * copes with the unclosed tags of real pages) into a domhandler tree; no regular expression is
 * run over the HTML. Scripts, styles, templates, embedded frames and images, and navigation
 * (`<nav>`, `role="navigation"`, hidden elements) are dropped; block elements and `<br>` end
 * a line; white space inside a block collapses as a browser shows it.
 */

/** Elements whose content is never text a reader sees. */
const DROPPED = new Set(['head', 'script', 'style', 'noscript', 'template', 'svg', 'canvas', 'iframe', 'object', 'embed', 'nav', 'button', 'select', 'option', 'input', 'textarea']);

/** Elements that start and end a line of their own. */
const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'dd', 'details', 'dialog', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure',
  'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'html', 'legend', 'li', 'main', 'menu', 'ol', 'p', 'pre', 'section',
  'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
]);

const INLINE_FIELDS = new Set(['span', 'label', 'strong', 'b', 'em', 'small']);

function hidden(element: Element): boolean {
  const attrs = element.attribs;
  if ('hidden' in attrs || attrs['aria-hidden'] === 'true' || attrs.role === 'navigation') return true;
  return /(?:^|;)\s*display\s*:\s*none/i.test(attrs.style ?? '');
}

/** The text of an HTML page, a line per block, lines trimmed, without blank lines. */
export function htmlToText(html: string): string {
  const document = parseDocument(html, { decodeEntities: true });
  const lines: string[] = [];
  let current = '';
  const breakLine = () => {
    const line = current.replace(/[ \t\r\n\f\u00a0]+/g, ' ').trim();
    if (line !== '') lines.push(line);
    current = '';
  };
  const walk = (nodes: readonly ChildNode[]): void => {
    for (const node of nodes) {
      if (isText(node)) current += node.data;
      else if (isTag(node)) {
        const name = node.name.toLowerCase();
        if (DROPPED.has(name) || hidden(node)) continue;
        if (name === 'br') {
          breakLine();
          continue;
        }
        // A span or label that a page styles as a field's label or value ("<span class="label">
        // Start Date</span><span class="value">2018</span>") is a line of its own too.
        const block = BLOCKS.has(name) || (INLINE_FIELDS.has(name) && /\b(?:label|value|field|term|definition)\b/i.test(node.attribs.class ?? ''));
        if (block) breakLine();
        walk(node.children);
        if (block) breakLine();
      }
    }
  };
  walk(document.children);
  breakLine();
  return `${lines.join('\n')}\n`;
}

/** Whether a file's text is HTML: by its name, else by its first tag. */
export function looksLikeHtml(fileName: string, text: string): boolean {
  if (/\.x?html?$/i.test(fileName)) return true;
  const start = text.trimStart().slice(0, 200).toLowerCase();
  return start.startsWith('<!doctype html') || start.startsWith('<html');
}
