/**
 * A template's evaluation context (reference §2.3) as Marshal data, so that the Ruby VM can
 * give every template a fresh copy with one `Marshal.load`, done in C, instead of building
 * OpenStruct trees in Ruby, which is slow in WebAssembly.
 *
 * The data loads into what `EvaluationContext.new(spec, nil)` builds from `spec` (see
 * ruby/bosun_context.rb), object for object: `@name`, `@index`, `@spec` (every Hash a
 * BackCompatOpenStruct with Symbol keys, every Array a new Array), `@raw_properties` and
 * `@links` (the spec's own Hashes, or new empty ones), `@properties` (OpenStructs),
 * `@dns_encoder` (nil; the caller sets it). The leaves (Strings, Floats, big Integers) are
 * shared between these as they are there, e.g. `raw_properties['a']` is `properties.a`.
 *
 * OpenStruct.new gives a key that shadows a method (`format`, `method`) accessor methods of
 * its own; Marshal cannot carry them. The caller gives them (bosun_host.rb), for which the
 * data lists every struct and the keys they use.
 */
import { isRubyHash, type RubyHash, type RubyValue } from '../yaml/index.js';
import { MarshalWriter } from './ruby-marshal.js';

export interface EvaluationContextImage {
  /** Marshal of `[context, spec structs, properties structs]`. */
  bytes: Buffer;
  /** The distinct keys of the structs under `spec`. */
  specKeys: string[];
  /** The distinct keys of the structs under `properties`. */
  propertyKeys: string[];
}

const EVALUATION_CONTEXT = 'Bosh::Common::Template::EvaluationContext';
const SPEC_STRUCT = 'Bosh::Common::Template::EvaluationContext::BackCompatOpenStruct';
const PROPERTIES_STRUCT = 'OpenStruct';

/**
 * The evaluation context of template spec `spec`, or undefined when only Ruby can build it
 * exactly: a spec that is not a Hash, or a Hash key that is not a String (EvaluationContext
 * raises for most, and merges Symbol keys with their String twins).
 */
export function marshalEvaluationContext(spec: RubyValue): EvaluationContextImage | undefined {
  if (!isRubyHash(spec) || !hasOnlyStringKeys(spec)) return undefined;
  return new ContextWriter().write(spec);
}

function hasOnlyStringKeys(value: RubyValue): boolean {
  if (Array.isArray(value)) return value.every(hasOnlyStringKeys);
  if (!isRubyHash(value)) return true;
  for (const [key, item] of value) if (typeof key !== 'string' || !hasOnlyStringKeys(item)) return false;
  return true;
}

/**
 * Where a value went: a leaf's object number (null: nil, true, false, a small Integer or a
 * Symbol, which are not objects), or a Hash's or Array's children in order.
 */
type Placed = number | null | Placed[];

type Form = 'raw' | 'spec' | 'properties';

class ContextWriter {
  private readonly out = new MarshalWriter();
  private readonly structs = { spec: [] as number[], properties: [] as number[] };
  private readonly keys = { spec: new Set<string>(), properties: new Set<string>() };

  write(spec: RubyHash): EvaluationContextImage {
    const out = this.out;
    out.beginArray(3);
    out.beginObject(EVALUATION_CONTEXT, 7);
    out.writeSymbol('@name');
    const name = this.value(spec.get('name') ?? null, 'raw', undefined);
    out.writeSymbol('@index');
    const index = this.value(spec.get('index') ?? null, 'raw', undefined);
    out.writeSymbol('@spec');
    const placed = new Map<string, Placed>([
      ...(spec.has('name') ? [['name', name] as const] : []),
      ...(spec.has('index') ? [['index', index] as const] : []),
    ]);
    this.beginStruct('spec', spec);
    for (const [key, item] of spec) {
      out.writeSymbol(key as string);
      placed.set(key as string, this.value(item, 'spec', placed.get(key as string)));
    }
    // `spec['properties'] || {}`, then `openstruct(@raw_properties)`.
    const properties = spec.get('properties');
    out.writeSymbol('@raw_properties');
    if (isAbsent(properties)) {
      out.beginHash(0);
      out.writeSymbol('@properties');
      this.beginStruct('properties', new Map());
    } else {
      this.value(properties, 'raw', placed.get('properties'));
      out.writeSymbol('@properties');
      this.value(properties, 'properties', placed.get('properties'));
    }
    out.writeSymbol('@dns_encoder');
    out.write(null);
    out.writeSymbol('@links');
    const links = spec.get('links');
    if (isAbsent(links)) out.beginHash(0);
    else this.value(links, 'raw', placed.get('links'));
    for (const list of [this.structs.spec, this.structs.properties]) {
      out.beginArray(list.length);
      for (const objectIndex of list) out.writeLink(objectIndex);
    }
    return { bytes: out.toBuffer(), specKeys: [...this.keys.spec], propertyKeys: [...this.keys.properties] };
  }

  /**
   * Writes `value` in `form`: as is, or with every Hash made a struct. A value written
   * before (`placed`) gets new Hashes and Arrays but links to the leaves written then.
   */
  private value(value: RubyValue, form: Form, placed: Placed | undefined): Placed {
    const children = Array.isArray(placed) ? placed : undefined;
    if (isRubyHash(value)) {
      if (form === 'raw') this.out.beginHash(value.size);
      else this.beginStruct(form, value);
      const result: Placed[] = [];
      for (const [key, item] of value) {
        if (form === 'raw') this.out.write(key);
        else this.out.writeSymbol(key as string);
        result.push(this.value(item, form, children?.[result.length]));
      }
      return result;
    }
    if (Array.isArray(value)) {
      this.out.beginArray(value.length);
      return value.map((item, i) => this.value(item, form, children?.[i]));
    }
    if (typeof placed === 'number') {
      this.out.writeLink(placed);
      return placed;
    }
    const objectIndex = this.out.objectCount;
    this.out.write(value);
    return this.out.objectCount > objectIndex ? objectIndex : null;
  }

  /** An OpenStruct whose `@table` Hash of `hash.size` entries follows. */
  private beginStruct(form: 'spec' | 'properties', hash: RubyHash): void {
    this.structs[form].push(this.out.objectCount);
    this.out.beginObject(form === 'spec' ? SPEC_STRUCT : PROPERTIES_STRUCT, 1);
    this.out.writeSymbol('@table');
    this.out.beginHash(hash.size);
    for (const key of hash.keys()) this.keys[form].add(key as string);
  }
}

/** Ruby's `x || {}`: nil and false are replaced. */
function isAbsent(value: RubyValue | undefined): value is undefined | null | false {
  return value === undefined || value === null || value === false;
}
