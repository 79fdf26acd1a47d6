import { type XsdSimpleType } from './xsd-model.js';

export const XSD_NAMESPACE = 'http://www.w3.org/2001/XMLSchema';

const integer = (builtIn: string, minimum?: bigint, maximum?: bigint): XsdSimpleType => ({
  kind: 'simple',
  builtIn,
  lexical: 'integer',
  ...(minimum === undefined ? {} : { minimum }),
  ...(maximum === undefined ? {} : { maximum }),
});
const simple = (builtIn: string, lexical: XsdSimpleType['lexical']): XsdSimpleType => ({ kind: 'simple', builtIn, lexical });

const BUILT_INS: ReadonlyMap<string, XsdSimpleType> = new Map(
  [
    simple('boolean', 'boolean'),
    simple('decimal', 'decimal'),
    simple('double', 'float'),
    simple('float', 'float'),
    integer('integer'),
    integer('long', -(2n ** 63n), 2n ** 63n - 1n),
    integer('int', -(2n ** 31n), 2n ** 31n - 1n),
    integer('short', -32768n, 32767n),
    integer('byte', -128n, 127n),
    integer('nonNegativeInteger', 0n),
    integer('positiveInteger', 1n),
    integer('nonPositiveInteger', undefined, 0n),
    integer('negativeInteger', undefined, -1n),
    integer('unsignedLong', 0n, 2n ** 64n - 1n),
    integer('unsignedInt', 0n, 2n ** 32n - 1n),
    integer('unsignedShort', 0n, 65535n),
    integer('unsignedByte', 0n, 255n),
  ].map((type) => [type.builtIn, type]),
);

/**
 * The compiled form of a built-in XSD type. Every type not listed (string, dateTime, date,
 * base64Binary, anyURI, QName, anyType, …) is carried as a string: its lexical form is what
 * JSON users write and read (ISO 8601 for dates).
 */
export function builtInType(localName: string): XsdSimpleType {
  return BUILT_INS.get(localName) ?? simple(localName, 'string');
}
