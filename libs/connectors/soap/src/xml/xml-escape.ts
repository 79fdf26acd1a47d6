const SPECIAL = /[&<>"\r]/;
const SPECIALS = /[&<>"\r]/g;
const REPLACEMENT: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#13;' };

/** Escapes character data and attribute values (`\r` kept as a reference: parsers would drop it). */
export function escapeXml(text: string): string {
  return SPECIAL.test(text) ? text.replace(SPECIALS, (c) => REPLACEMENT[c]!) : text;
}
