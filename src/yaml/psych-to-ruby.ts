import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type Document,
  type Node,
  type Scalar,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import { RubyConversionError, rubyFloat, tokenizeScalar } from './psych-scalar.js';
import { disallowed, mappingClass, PsychLoadError, SCALAR_CLASSES, STR, unsupported } from './psych-tags.js';
import { RubyHashBuilder } from './ruby-hash-builder.js';
import { RubySymbol, type RubyHash, type RubyValue } from './ruby-value.js';

/**
 * Turns a `yaml` document tree (parsed with the failsafe schema, so every scalar is still
 * text) into the Ruby value Psych 5.2's `ToRuby` visitor builds under
 * `YAML.safe_load(text, permitted_classes: [Symbol], aliases: true)`. One instance per load.
 * Anchored nodes are converted once; an alias yields the same JS object, as in Ruby.
 */
export class PsychToRuby {
  readonly hashes = new RubyHashBuilder();
  /** Offsets of each Array element, for source positions. */
  readonly arrayOffsets = new WeakMap<RubyValue[], number[]>();
  private readonly converted = new Map<Node, RubyValue>();
  private readonly symbols = new Map<string, RubySymbol>();

  constructor(private readonly doc: Document) {}

  /** The Ruby value of `node`; a missing node is an empty scalar, i.e. nil. */
  convert(node: Node | null | undefined): RubyValue {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      if (target === undefined) {
        throw new PsychLoadError(
          `An alias referenced an unknown anchor: ${node.source}`,
          offsetOf(node),
          `Define the anchor &${node.source} before the alias *${node.source} that uses it.`,
        );
      }
      return this.converted.has(target) ? this.converted.get(target)! : this.convert(target);
    }
    if (isScalar(node)) {
      const value = this.scalar(node);
      this.converted.set(node, value);
      return value;
    }
    if (isSeq(node)) return this.sequence(node);
    if (isMap(node)) return this.mapping(node);
    return unsupported('this YAML node', offsetOf(node));
  }

  private readonly symbol = (name: string): RubySymbol => {
    let s = this.symbols.get(name);
    if (s === undefined) this.symbols.set(name, (s = new RubySymbol(name)));
    return s;
  };

  private scalar(node: Scalar): RubyValue {
    // With the failsafe schema every scalar's value is its text.
    const text = typeof node.value === 'string' ? node.value : (node.source ?? '');
    const tag = node.tag;
    const at = offsetOf(node);
    try {
      // libyaml marks untagged non-plain scalars (quoted, `|`, `>`) as quoted: always Strings.
      if (tag === undefined)
        return node.type === 'PLAIN' || node.type === undefined
          ? tokenizeScalar(text, this.symbol)
          : blockText(node, text);
      if (tag === '!binary' || tag === 'tag:yaml.org,2002:binary')
        return Buffer.from(text, 'base64').toString('utf8');
      const str = /^!(?:str|ruby\/string)(?::(.*))?$/.exec(tag);
      if (str || tag === STR) return str?.[1] ? disallowed(str[1], at) : text;
      const rubyClass = SCALAR_CLASSES[tag];
      if (rubyClass !== undefined) return disallowed(rubyClass, at);
      if (tag === '!ruby/class' || tag === '!ruby/module') return disallowed(text, at);
      if (tag === '!ruby/encoding') return unsupported(tag, at);
      if (tag === 'tag:yaml.org,2002:float' || tag === '!float')
        return rubyFloat(tokenizeScalar(text, this.symbol));
      if (/^!ruby\/sym(bol)?:?(.*)?$/.test(tag)) return this.symbol(text);
      return tokenizeScalar(text, this.symbol);
    } catch (e) {
      if (e instanceof RubyConversionError)
        throw new PsychLoadError(
          e.message,
          at,
          `Write a number after ${tag ?? 'the tag'}, or remove the tag.`,
        );
      throw e;
    }
  }

  private sequence(node: YAMLSeq): RubyValue {
    const tag = node.tag;
    const at = offsetOf(node);
    if (tag === '!omap' || tag === 'tag:yaml.org,2002:omap') {
      // Psych builds a Psych::Omap (a Hash) directly here, without asking the class loader.
      const hash: RubyHash = this.hashes.create(at);
      this.converted.set(node, hash);
      for (const item of node.items) {
        if (!isMap(item) || item.items.length === 0)
          return unsupported(`${tag} item that is not a mapping`, offsetOf(item as Node));
        const first = item.items[0]!;
        const last = item.items[item.items.length - 1]!;
        const keyNode = first.key as Node | null;
        this.hashes.set(
          hash,
          this.convert(keyNode),
          this.convert(last.value as Node | null),
          offsetOf(keyNode, item),
        );
      }
      return hash;
    }
    rejectEmptyImplicitKey(node);
    const typed = tag === undefined ? null : /^!(?:seq|ruby\/array):(.*)$/.exec(tag);
    if (typed) return disallowed(typed[1]!, at);
    const list: RubyValue[] = [];
    const offsets: number[] = [];
    this.converted.set(node, list);
    this.arrayOffsets.set(list, offsets);
    const indicators = itemIndicatorOffsets(node);
    node.items.forEach((item, i) => {
      offsets.push(indicators?.[i] ?? offsetOf(item as Node, node));
      list.push(this.convert(item as Node));
    });
    return list;
  }

  private mapping(node: YAMLMap): RubyValue {
    const tag = node.tag;
    const at = offsetOf(node);
    if (tag !== undefined) {
      const rubyClass = mappingClass(tag);
      if (rubyClass === '') return unsupported(tag, at);
      if (rubyClass !== undefined) return disallowed(rubyClass, at);
    }
    rejectEmptyImplicitKey(node);
    const hash = this.hashes.create(at);
    this.converted.set(node, hash);
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null;
      const valueNode = pair.value as Node | null;
      const key = this.convert(keyNode);
      const value = this.convert(valueNode);
      const keyAt = offsetOf(keyNode, valueNode ?? node);
      const keyTag = keyNode !== null && !isAlias(keyNode) ? keyNode.tag : undefined;
      if (key === '<<' && keyTag !== STR) this.merge(hash, valueNode, value, keyAt);
      else this.hashes.set(hash, key, value, keyAt);
    }
    return hash;
  }

  /** Psych's `<<`: merged keys overwrite earlier ones; a value it cannot merge becomes a `<<` key. */
  private merge(hash: RubyHash, valueNode: Node | null, value: RubyValue, keyAt: number): void {
    if (valueNode !== null && (isAlias(valueNode) || isMap(valueNode)) && value instanceof Map) {
      this.hashes.mergeInto(hash, value);
    } else if (
      valueNode !== null &&
      isSeq(valueNode) &&
      Array.isArray(value) &&
      value.every((v) => v instanceof Map)
    ) {
      // Psych merges the list back to front, so the first hash in the list wins.
      const merged = this.hashes.create(keyAt);
      for (const h of [...value].reverse()) this.hashes.mergeInto(merged, h);
      this.hashes.mergeInto(hash, merged);
    } else if (!(valueNode !== null && isSeq(valueNode) && value instanceof Map && value.size === 0)) {
      // (An empty `!omap []` merges nothing: Psych iterates it without a TypeError.)
      this.hashes.set(hash, '<<', value, keyAt);
    }
  }
}

/**
 * libyaml adds a block scalar's final line break only when the input has one: `|` at the end
 * of a file without a newline gives "x", where the `yaml` package gives "x\n".
 */
function blockText(node: Scalar, text: string): string {
  const src = node.srcToken;
  const endsWithoutBreak = src?.type === 'block-scalar' && /\S[^\r\n]*$/.test(src.source);
  return endsWithoutBreak && text.endsWith('\n') ? text.slice(0, -1) : text;
}

/** libyaml, unlike YAML 1.2, has no empty implicit key (`: v`, `{: v}`); only `? ` makes one. */
function rejectEmptyImplicitKey(node: YAMLMap | YAMLSeq): void {
  const src = node.srcToken;
  if (src?.type !== 'block-map' && src?.type !== 'flow-collection') return;
  for (const item of src.items) {
    const indicator = item.sep?.find((t) => t.type === 'map-value-ind');
    const isExplicit = item.start.some((t) => t.type === 'explicit-key-ind');
    if (item.key === null && !isExplicit && indicator !== undefined) {
      const context =
        src.type === 'block-map'
          ? 'did not find expected key while parsing a block mapping'
          : 'did not find expected node content while parsing a flow node';
      throw new PsychLoadError(
        context,
        indicator.offset,
        'Write a key before the colon, or quote the text if the colon belongs to a value.',
      );
    }
  }
}

/** Where each `- ` of a block sequence is, so an element's line is the line of its dash. */
function itemIndicatorOffsets(node: YAMLSeq): number[] | undefined {
  const src = node.srcToken;
  if (src?.type !== 'block-seq' || src.items.length !== node.items.length) return undefined;
  return src.items
    .map((item) => item.start.find((t) => t.type === 'seq-item-ind')?.offset ?? -1)
    .map((o, i) => (o >= 0 ? o : offsetOf(node.items[i] as Node, node)));
}

function offsetOf(node: Node | null | undefined, fallback?: Node): number {
  return node?.range?.[0] ?? fallback?.range?.[0] ?? 0;
}
