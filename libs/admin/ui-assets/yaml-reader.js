// Reads the YAML that API definitions are written in (block and flow mappings and sequences,
// plain and quoted scalars, block scalars), enough to look at a definition's security. Anchors,
// tags and multi-document files are outside what definitions use; such input reads approximately.

/** Parses YAML text into plain values; JSON is YAML too, but JSON.parse is used for it first. */
export function readYaml(text) {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.parse(trimmed);
    } catch {
      // Flow-style YAML, not JSON: read below.
    }
  }
  const lines = [];
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (/^(---|\.\.\.)\s*$/.test(raw)) continue;
    const content = withoutComment(raw).trimEnd();
    if (content.trim() === '') lines.push({ indent: -1, text: '', raw });
    else lines.push({ indent: content.length - content.trimStart().length, text: content.trimStart(), raw });
  }
  const reader = { lines, at: 0 };
  skipBlank(reader);
  return reader.at < lines.length ? readBlock(reader, lines[reader.at].indent) : null;
}

function skipBlank(reader) {
  while (reader.at < reader.lines.length && reader.lines[reader.at].indent < 0) reader.at++;
}

function readBlock(reader, indent) {
  return reader.lines[reader.at].text.startsWith('-') && /^-(\s|$)/.test(reader.lines[reader.at].text)
    ? readSequence(reader, indent)
    : readMapping(reader, indent);
}

function readSequence(reader, indent) {
  const list = [];
  for (skipBlank(reader); reader.at < reader.lines.length; skipBlank(reader)) {
    const line = reader.lines[reader.at];
    if (line.indent !== indent || !/^-(\s|$)/.test(line.text)) break;
    const rest = line.text.slice(1).trimStart();
    if (rest === '') {
      reader.at++;
      list.push(nestedValue(reader, indent));
    } else if (splitKey(rest) !== undefined && !/^[[{'"]/.test(rest)) {
      // `- key: value` opens a mapping whose keys sit where `key` does.
      const keyIndent = indent + (line.text.length - rest.length);
      reader.lines[reader.at] = { indent: keyIndent, text: rest, raw: line.raw };
      list.push(readMapping(reader, keyIndent));
    } else {
      reader.at++;
      list.push(inlineValue(reader, rest, indent));
    }
  }
  return list;
}

function readMapping(reader, indent) {
  const map = {};
  for (skipBlank(reader); reader.at < reader.lines.length; skipBlank(reader)) {
    const line = reader.lines[reader.at];
    if (line.indent !== indent) break;
    const entry = splitKey(line.text);
    if (entry === undefined) {
      reader.at++;
      continue;
    }
    reader.at++;
    map[entry.key] = entry.rest === '' ? nestedValue(reader, indent, true) : inlineValue(reader, entry.rest, indent);
  }
  return map;
}

/** The value on the lines below a `key:` or `-`: deeper lines, or (for a key) a sequence at the same indent. */
function nestedValue(reader, indent, sequenceMayAlign = false) {
  skipBlank(reader);
  const next = reader.lines[reader.at];
  if (next === undefined) return null;
  if (next.indent > indent || (sequenceMayAlign && next.indent === indent && /^-(\s|$)/.test(next.text))) return readBlock(reader, next.indent);
  return null;
}

function inlineValue(reader, rest, indent) {
  if (/^[|>][+-]?\d*$/.test(rest)) return blockScalar(reader, indent, rest[0] === '|');
  let text = rest;
  // A flow collection may go on over the next lines until its brackets close.
  while (/^[[{]/.test(text) && !balanced(text) && reader.at < reader.lines.length) {
    text += ` ${reader.lines[reader.at].raw.trim()}`;
    reader.at++;
  }
  // Plain block scalars may hold commas and brackets; only flow and quoted values are read as flow.
  return /^[[{"']/.test(text) ? new FlowReader(text).value() : scalar(text);
}

function blockScalar(reader, indent, literal) {
  const parts = [];
  while (reader.at < reader.lines.length && (reader.lines[reader.at].indent < 0 || reader.lines[reader.at].indent > indent)) {
    parts.push(reader.lines[reader.at].raw.trim());
    reader.at++;
  }
  return parts.join(literal ? '\n' : ' ').trim();
}

function balanced(text) {
  let depth = 0;
  let quote;
  for (const c of text) {
    if (quote) quote = c === quote ? undefined : quote;
    else if (c === '"' || c === "'") quote = c;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
  }
  return depth <= 0;
}

/** `key: rest` (the key plain or quoted), or undefined when the line is no mapping entry. */
function splitKey(text) {
  if (text.startsWith('"') || text.startsWith("'")) {
    const end = text.indexOf(text[0], 1);
    if (end < 0 || text[end + 1] !== ':') return undefined;
    return { key: text.slice(1, end), rest: text.slice(end + 2).trim() };
  }
  const match = /^([^#]*?):(\s|$)/.exec(text);
  return match ? { key: match[1].trim(), rest: text.slice(match[0].length).trim() } : undefined;
}

function withoutComment(line) {
  let quote;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) quote = c === quote ? undefined : quote;
    else if ((c === '"' || c === "'") && (i === 0 || /[\s:[{,-]/.test(line[i - 1]))) quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) return line.slice(0, i);
  }
  return line;
}

function scalar(text) {
  if (/^(true|True|TRUE)$/.test(text)) return true;
  if (/^(false|False|FALSE)$/.test(text)) return false;
  if (/^(null|Null|NULL|~)?$/.test(text)) return null;
  if (/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(text)) return Number(text);
  return text;
}

/** Flow values: `{ a: 1, b: [x, 'y'] }`, quoted and plain scalars. */
class FlowReader {
  constructor(text) {
    this.text = text;
    this.at = 0;
  }

  value() {
    this.space();
    const c = this.text[this.at];
    if (c === '{') return this.mapping();
    if (c === '[') return this.sequence();
    if (c === '"' || c === "'") return this.quoted();
    return scalar(this.plain(/[,\]}]/).trim());
  }

  mapping() {
    const map = {};
    this.at++;
    for (this.space(); this.at < this.text.length && this.text[this.at] !== '}'; this.space()) {
      const key = this.text[this.at] === '"' || this.text[this.at] === "'" ? this.quoted() : this.plain(/:(\s|$)|[,}]/).trim();
      this.space();
      let value = null;
      if (this.text[this.at] === ':') {
        this.at++;
        value = this.value();
      }
      map[key] = value;
      this.space();
      if (this.text[this.at] === ',') this.at++;
    }
    this.at++;
    return map;
  }

  sequence() {
    const list = [];
    this.at++;
    for (this.space(); this.at < this.text.length && this.text[this.at] !== ']'; this.space()) {
      list.push(this.value());
      this.space();
      if (this.text[this.at] === ',') this.at++;
    }
    this.at++;
    return list;
  }

  quoted() {
    const quote = this.text[this.at++];
    let out = '';
    while (this.at < this.text.length) {
      const c = this.text[this.at++];
      if (c === quote && quote === "'" && this.text[this.at] === "'") {
        out += "'";
        this.at++;
      } else if (c === quote) break;
      else if (c === '\\' && quote === '"') out += this.text[this.at++] ?? '';
      else out += c;
    }
    return out;
  }

  plain(stop) {
    const rest = this.text.slice(this.at);
    const match = stop.exec(rest);
    const end = match ? match.index : rest.length;
    this.at += end;
    return rest.slice(0, end);
  }

  space() {
    while (/\s/.test(this.text[this.at] ?? '')) this.at++;
  }
}
