import type { PropertyDefinition } from '../../release/index.js';
import { cloneRubyValue, isRubyHash, type RubyHash, type RubyValue } from '../../yaml/index.js';

/**
 * The `properties` of a link a job provides (reference §2.5, BOSH `links_parser.rb`
 * `process_link_properties`): for each name in the provider's `provides[].properties`, the
 * value at that dotted path of the provider job's raw property input (§2.1) when the key
 * exists there, even if it is null; else the spec's `default` (nil when none). Values are not
 * sorted. A name that is neither set nor declared is an error, one message per name:
 * `Link property <prop> in template <job> is not defined in release spec`.
 *
 * (The templates folder has the same function but does not export it; this port keeps the
 * Director's link parsing in one place until it does.)
 */
export function mapLinkProperties(
  provided: readonly string[],
  definitions: readonly PropertyDefinition[],
  rawInput: RubyValue,
  jobName: string,
): { properties: RubyHash; errors: string[] } {
  const declared = new Map(definitions.map((d) => [d.name, d]));
  const properties: RubyHash = new Map();
  const errors: string[] = [];
  for (const name of provided) {
    const found = findExistingKey(rawInput, name);
    const definition = declared.get(name);
    if (found.exists) setAt(properties, name, cloneRubyValue(found.value));
    else if (definition !== undefined) setAt(properties, name, cloneRubyValue(definition.default));
    else errors.push(`Link property ${name} in template ${jobName} is not defined in release spec`);
  }
  return { properties, errors };
}

/** `find_property`: a key that exists with a nil value counts as found. */
function findExistingKey(collection: RubyValue, name: string): { exists: boolean; value: RubyValue } {
  let node: RubyValue = collection;
  for (const key of name.split('.')) {
    if (!isRubyHash(node) || !node.has(key)) return { exists: false, value: null };
    node = node.get(key) ?? null;
  }
  return { exists: true, value: node };
}

/** `update_mapped_properties`: creates the intermediate hashes, keeps existing ones. */
function setAt(target: RubyHash, name: string, value: RubyValue): void {
  const path = name.split('.');
  let node = target;
  path.forEach((key, i) => {
    if (i === path.length - 1) {
      node.set(key, value);
      return;
    }
    const next = node.get(key);
    if (isRubyHash(next)) node = next;
    else {
      const created: RubyHash = new Map();
      node.set(key, created);
      node = created;
    }
  });
}
