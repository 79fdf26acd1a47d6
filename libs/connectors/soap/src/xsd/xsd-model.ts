/**
 * The compiled shape of a message, built once from the WSDL's schemas at deploy time. Requests
 * and responses walk these objects and never look anything up in the WSDL.
 */
export type XsdLexicalKind = 'string' | 'boolean' | 'integer' | 'decimal' | 'float';

export interface XsdSimpleType {
  readonly kind: 'simple';
  /** The built-in XSD type this one derives from, e.g. `int`, for messages (`expected … (xs:int)`). */
  readonly builtIn: string;
  readonly lexical: XsdLexicalKind;
  /** Value range of the bounded integer types (xs:int, xs:unsignedShort…). */
  readonly minimum?: bigint;
  readonly maximum?: bigint;
  /** Values of an xs:enumeration restriction, when the type has one. */
  readonly enumeration?: readonly string[];
}

export interface XsdComplexType {
  readonly kind: 'complex';
  /** Qualified name for messages and OpenAPI component names; undefined when anonymous. */
  readonly name?: string;
  /** Child elements in xs:sequence order (xs:all and xs:choice members are listed as written). */
  readonly fields: XsdElement[];
  readonly fieldsByName: Map<string, XsdElement>;
}

export interface XsdElement {
  readonly name: string;
  /** Namespace the element is written in; '' when unqualified (elementFormDefault). */
  readonly namespace: string;
  readonly minOccurs: number;
  /** Infinity for `unbounded`. */
  readonly maxOccurs: number;
  readonly nillable: boolean;
  /** Complex types may be recursive: set after the element object exists. */
  type: XsdSimpleType | XsdComplexType;
}
