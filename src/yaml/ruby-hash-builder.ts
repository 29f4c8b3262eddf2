import { rubyHashKeyOf } from './ruby-hash-key.js';
import type { RubyHash, RubyValue } from './ruby-value.js';

interface HashIndex {
  /** Ruby key identity (`rubyHashKeyOf`) to the key object stored in the Map. */
  readonly keys: Map<string, RubyValue>;
  /** Ruby key identity to the source offset of the entry. */
  readonly offsets: Map<string, number>;
  readonly offset: number;
}

/**
 * Builds Ruby Hashes with Ruby's key equality (`hash[key] = value`: an `eql?` key keeps its
 * place and its first key object, the value is replaced) and remembers where each entry came
 * from in the source. Used while loading; the Hashes it returns are plain `RubyHash` Maps.
 */
export class RubyHashBuilder {
  private readonly index = new WeakMap<RubyHash, HashIndex>();

  /** A new empty Hash whose source starts at `offset`. */
  create(offset: number): RubyHash {
    const hash: RubyHash = new Map();
    this.index.set(hash, { keys: new Map(), offsets: new Map(), offset });
    return hash;
  }

  /** Ruby's `hash[key] = value`. */
  set(hash: RubyHash, key: RubyValue, value: RubyValue, offset: number): void {
    const index = this.indexOf(hash);
    const id = rubyHashKeyOf(key);
    if (!index.keys.has(id)) index.keys.set(id, key);
    hash.set(index.keys.get(id) as RubyValue, value);
    index.offsets.set(id, offset);
  }

  /** Ruby's `hash.merge!(other)`: other's entries win, new keys go to the end. */
  mergeInto(hash: RubyHash, other: RubyHash): void {
    if (hash === other) return;
    const from = this.index.get(other);
    for (const [k, v] of other) {
      const offset = from?.offsets.get(rubyHashKeyOf(k)) ?? from?.offset ?? 0;
      this.set(hash, k, v, offset);
    }
  }

  /** The stored key object that is `eql?` to `key`, if the Hash has one. */
  findKey(hash: RubyHash, key: RubyValue): { key: RubyValue; offset: number } | undefined {
    const index = this.index.get(hash);
    const id = rubyHashKeyOf(key);
    if (index !== undefined) {
      return index.keys.has(id) ? { key: index.keys.get(id)!, offset: index.offsets.get(id)! } : undefined;
    }
    return hash.has(key) ? { key, offset: 0 } : undefined;
  }

  /** Where the Hash starts in the source. */
  offsetOf(hash: RubyHash): number | undefined {
    return this.index.get(hash)?.offset;
  }

  private indexOf(hash: RubyHash): HashIndex {
    let index = this.index.get(hash);
    if (index === undefined) {
      index = {
        keys: new Map([...hash.keys()].map((k) => [rubyHashKeyOf(k), k])),
        offsets: new Map(),
        offset: 0,
      };
      this.index.set(hash, index);
    }
    return index;
  }
}
