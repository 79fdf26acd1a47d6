import { builtInType, XSD_NAMESPACE } from './xsd-builtins.js';
import { type XsdComplexType, type XsdElement, type XsdSimpleType } from './xsd-model.js';

/** The parts of soap's parsed schema objects we read (soap does not export these shapes). */
export interface SoapSchemaNode {
  readonly name?: string;
  readonly children?: SoapSchemaNode[];
  readonly xmlns?: Record<string, string>;
  readonly [attribute: `$${string}`]: string | undefined;
}
export interface SoapSchema extends SoapSchemaNode {
  readonly elements: Record<string, SoapSchemaNode>;
  readonly complexTypes: Record<string, SoapSchemaNode>;
  readonly types: Record<string, SoapSchemaNode>;
}

/** A schema construct the mediation does not handle, or a reference that does not resolve. */
export class XsdModelError extends Error {
  override name = 'XsdModelError';
}

interface Place {
  readonly namespace: string;
  readonly schema: SoapSchema | undefined;
}

/**
 * Turns soap's parsed schemas into the compiled model of xsd-model.ts. One builder per WSDL:
 * named types are built once and shared, which also ties the knot of recursive types.
 */
export class XsdModelBuilder {
  private readonly complexTypes = new Map<string, XsdComplexType>();

  constructor(
    private readonly schemas: Readonly<Record<string, SoapSchema>>,
    private readonly definitionPrefixes: Readonly<Record<string, string>>,
  ) {}

  /** The global element `{namespace}name`, e.g. a document/literal message part. */
  globalElement(namespace: string, name: string): XsdElement {
    const schema = this.schemas[namespace];
    const node = schema?.elements[name];
    if (!node) throw new XsdModelError(`element {${namespace}}${name} is not declared in the WSDL's schemas`);
    return this.element(node, { namespace, schema }, true);
  }

  private element(node: SoapSchemaNode, place: Place, global: boolean): XsdElement {
    if (node.$ref !== undefined) {
      const target = this.resolve(node.$ref, place);
      const referenced = this.globalElement(target.namespace, target.localName);
      return { ...referenced, minOccurs: occurs(node.$minOccurs, 1), maxOccurs: occurs(node.$maxOccurs, 1) };
    }
    const name = node.$name ?? '';
    const qualified = global || node.$form === 'qualified' || (node.$form === undefined && place.schema?.$elementFormDefault === 'qualified');
    const element: XsdElement = {
      name,
      namespace: qualified ? place.namespace : '',
      minOccurs: global ? 1 : occurs(node.$minOccurs, 1),
      maxOccurs: global ? 1 : occurs(node.$maxOccurs, 1),
      nillable: node.$nillable === 'true' || node.$nillable === '1',
      type: builtInType('string'),
    };
    const inline = node.children?.find((child) => child.name === 'complexType' || child.name === 'simpleType');
    if (inline) element.type = inline.name === 'complexType' ? this.complex(inline, place, undefined) : this.simple(inline, place);
    else if (node.$type !== undefined) element.type = this.namedType(node.$type, place);
    else element.type = builtInType('anyType');
    return element;
  }

  private namedType(qname: string, place: Place): XsdSimpleType | XsdComplexType {
    const { namespace, localName } = this.resolve(qname, place);
    if (namespace === XSD_NAMESPACE) return builtInType(localName);
    const schema = this.schemas[namespace];
    const key = `{${namespace}}${localName}`;
    const built = this.complexTypes.get(key);
    if (built) return built;
    const complex = schema?.complexTypes[localName];
    if (complex) return this.complex(complex, { namespace, schema }, key);
    const simple = schema?.types[localName];
    if (simple) return this.simple(simple, { namespace, schema });
    throw new XsdModelError(`type ${qname} ({${namespace}}${localName}) is not declared in the WSDL's schemas`);
  }

  private complex(node: SoapSchemaNode, place: Place, key: string | undefined): XsdComplexType {
    const type: XsdComplexType = { kind: 'complex', ...(key ? { name: key } : {}), fields: [], fieldsByName: new Map() };
    if (key) this.complexTypes.set(key, type);
    this.collectFields(node, place, type);
    for (const field of type.fields) type.fieldsByName.set(field.name, field);
    return type;
  }

  private collectFields(node: SoapSchemaNode, place: Place, into: XsdComplexType): void {
    for (const child of node.children ?? []) {
      switch (child.name) {
        case 'element':
          into.fields.push(this.element(child, place, false));
          break;
        case 'sequence':
        case 'all':
        case 'complexContent':
          this.collectFields(child, place, into);
          break;
        case 'choice':
          // A JSON object cannot say which branch it means better than by its keys: every branch is optional.
          for (const field of this.fieldsOf(child, place)) into.fields.push({ ...field, minOccurs: 0 });
          break;
        case 'extension':
        case 'restriction': {
          if (child.$base !== undefined && child.name === 'extension') {
            const base = this.namedType(child.$base, place);
            if (base.kind === 'complex') into.fields.push(...base.fields);
          }
          this.collectFields(child, place, into);
          break;
        }
        case 'simpleContent':
          throw new XsdModelError('complex types with simple content (text plus attributes) are not supported');
        case 'group':
          throw new XsdModelError('xs:group references are not supported');
        case 'any':
          throw new XsdModelError('xs:any wildcards are not supported');
        default:
          // Attributes, annotations and documentation carry nothing a JSON body maps to.
          break;
      }
    }
  }

  private fieldsOf(node: SoapSchemaNode, place: Place): XsdElement[] {
    const scratch: XsdComplexType = { kind: 'complex', fields: [], fieldsByName: new Map() };
    this.collectFields(node, place, scratch);
    return scratch.fields;
  }

  private simple(node: SoapSchemaNode, place: Place): XsdSimpleType {
    const restriction = node.children?.find((child) => child.name === 'restriction');
    if (!restriction?.$base) return builtInType('string'); // lists and unions travel as their lexical form
    const base = this.namedType(restriction.$base, place);
    if (base.kind !== 'simple') throw new XsdModelError(`simple type restricting complex type ${restriction.$base}`);
    const values = (restriction.children ?? []).filter((c) => c.name === 'enumeration').map((c) => c.$value ?? '');
    return values.length > 0 ? { ...base, enumeration: values } : base;
  }

  private resolve(qname: string, place: Place): { namespace: string; localName: string } {
    const colon = qname.indexOf(':');
    const localName = qname.slice(colon + 1);
    if (colon < 0) {
      // An unprefixed name: the schema's own type when it declares one, else a built-in.
      const own = this.schemas[place.namespace];
      const declared = own && (own.types[localName] ?? own.complexTypes[localName] ?? own.elements[localName]);
      return { namespace: declared ? place.namespace : XSD_NAMESPACE, localName };
    }
    const prefix = qname.slice(0, colon);
    const namespace = place.schema?.xmlns?.[prefix] ?? this.definitionPrefixes[prefix];
    if (namespace === undefined) throw new XsdModelError(`undeclared namespace prefix in ${qname}`);
    return { namespace, localName };
  }
}

function occurs(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (value === 'unbounded') return Infinity;
  const parsed = Number.parseInt(value, 10);
  return Number.isNaN(parsed) ? fallback : parsed;
}
