/**
 * Escaping for the XML exports (GraphML, GEXF). Entity names and excerpts come from documents
 * and may hold any character, so every value passes through here.
 */

// Characters XML 1.0 cannot carry at all, even escaped: C0 controls other than tab, line feed
// and carriage return, lone surrogates and U+FFFE/U+FFFF. They are dropped.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text content of an element: `&`, `<` and `>` escaped. */
export function escapeXmlText(value: string): string {
  return value.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * An attribute value in double quotes. Tab, line feed and carriage return are written as
 * character references, because a parser normalises them to spaces when they stand literally
 * in an attribute, and an excerpt's line breaks must survive.
 */
export function escapeXmlAttribute(value: string): string {
  return escapeXmlText(value).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}
