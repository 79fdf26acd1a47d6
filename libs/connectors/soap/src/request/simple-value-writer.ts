import { type XsdSimpleType } from '../xsd/xsd-model.js';

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const FLOAT = /^([+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|[+-]?INF|NaN)$/;
const BOOLEAN_WORDS: Readonly<Record<string, string>> = { true: 'true', false: 'false', '1': 'true', '0': 'false' };

/** The XSD lexical form of a JSON (or path/query string) value, or the reason it does not fit. */
export type LexicalResult = { readonly lexical: string } | { readonly problem: string };

/**
 * JSON numbers and booleans become XSD lexical forms. Strings in the lexical form of the type are
 * accepted too: path and query parameters are strings, and xs:long or xs:decimal values beyond
 * what a JSON number holds exactly can only be sent as strings.
 */
export function lexicalOf(type: XsdSimpleType, value: unknown): LexicalResult {
  const result = lexicalOfKind(type, value);
  if ('lexical' in result && type.enumeration && !type.enumeration.includes(result.lexical)) {
    return { problem: `expected one of ${type.enumeration.map((v) => JSON.stringify(v)).join(', ')}` };
  }
  return result;
}

function lexicalOfKind(type: XsdSimpleType, value: unknown): LexicalResult {
  const expected = (what: string): LexicalResult => ({ problem: `expected ${what} (xs:${type.builtIn})` });
  switch (type.lexical) {
    case 'boolean':
      if (typeof value === 'boolean') return { lexical: String(value) };
      if (typeof value === 'string' && value in BOOLEAN_WORDS) return { lexical: BOOLEAN_WORDS[value]! };
      return expected('a boolean');
    case 'integer': {
      let digits: bigint;
      if (typeof value === 'number' && Number.isSafeInteger(value)) digits = BigInt(value);
      else if (typeof value === 'string' && INTEGER.test(value)) digits = BigInt(value);
      else if (typeof value === 'number' && Number.isInteger(value)) return expected('an integer written as a string beyond 2^53');
      else return expected('an integer');
      if ((type.minimum !== undefined && digits < type.minimum) || (type.maximum !== undefined && digits > type.maximum)) {
        return { problem: `${digits} is out of range (xs:${type.builtIn})` };
      }
      return { lexical: digits.toString() };
    }
    case 'decimal':
      if (typeof value === 'number' && Number.isFinite(value)) return { lexical: decimalOfNumber(value) };
      if (typeof value === 'string' && DECIMAL.test(value)) return { lexical: value };
      return expected('a decimal number');
    case 'float':
      if (typeof value === 'number' && Number.isFinite(value)) return { lexical: String(value).toUpperCase() };
      if (typeof value === 'string' && FLOAT.test(value)) return { lexical: value };
      return expected('a number');
    case 'string':
      if (typeof value === 'string') return { lexical: value };
      // A number or boolean sent for a string (a zip code as 12345) has one obvious spelling.
      if (typeof value === 'number' || typeof value === 'boolean') return { lexical: String(value) };
      return expected('a string');
  }
}

/** xs:decimal has no exponent: 1e-7 must be written 0.0000001. */
function decimalOfNumber(value: number): string {
  const plain = String(value);
  if (!/e/i.test(plain)) return plain;
  const fixed = value.toFixed(Math.min(100, Math.max(0, -Math.floor(Math.log10(Math.abs(value))) + 15)));
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}
