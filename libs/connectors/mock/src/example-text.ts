import { stableStringify } from '#core';

/**
 * CC stores every example as compact JSON text with sorted object keys, whatever the media type:
 * a string example is sent with its quotes (`"text"`), an object as `{"a":1}`.
 */
export function exampleJson(value: unknown): string {
  return stableStringify(value);
}

const NON_ASCII = /[\u0080-\u{10ffff}]/u;

/**
 * The text of a response header example. CC sends JSON text (a string keeps its quotes);
 * `quoted: false` sends strings as they are. A plain string that cannot be a header value
 * (line breaks, control characters) falls back to JSON text, which escapes them.
 * Non-ASCII text is sent as its UTF-8 bytes, as CC's proxy does: Node writes header strings
 * one byte per character, so the UTF-8 bytes are handed over as a Latin-1 string.
 */
export function headerValueText(value: unknown, quoted: boolean): string {
  const plain = !quoted && typeof value === 'string' && !hasControlCharacter(value);
  const text = plain ? (value as string) : exampleJson(value).replaceAll('\x7f', '\\u007f');
  return NON_ASCII.test(text) ? Buffer.from(text, 'utf8').toString('latin1') : text;
}

/** Control characters other than tab: Node refuses them in header values. */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09) || code === 0x7f) return true;
  }
  return false;
}
