/**
 * Which manifest properties a job sees (reference §2.1), how they are bound against the job
 * spec (§2.2), and how a provider's link properties are computed (§2.5). Pure functions: every
 * result is a fresh value that shares nothing with its inputs.
 */
import { BosunError } from '../base/index.js';
import { cloneRubyValue, inspectRubyValue, isRubyHash } from '../yaml/index.js';
import type { RubyHash, RubyValue } from '../yaml/index.js';
import { lookupProperty, setProperty, sortProperty, validatePropertiesFormat } from './property-helper.js';

/** One property of a job spec: its dotted name and its `default` (`null` when none). */
export interface PropertyDefinition {
  readonly name: string;
  readonly default: RubyValue;
}

/**
 * The three places a job's properties can come from. `undefined` means the key is absent from
 * the manifest; a present key must hold a Hash (`null` is rejected, as BOSH does).
 */
export interface PropertySources {
  /** `instance_groups[].jobs[].properties` */
  readonly jobProperties: RubyValue | undefined;
  /** `instance_groups[].properties` (deprecated) */
  readonly instanceGroupProperties: RubyValue | undefined;
  /** top-level `properties` (deprecated) */
  readonly globalProperties: RubyValue | undefined;
}

/**
 * The raw property input of one job (§2.1): the job's own `properties` when that key is
 * present (even `{}`), with no merge; otherwise the global properties deep-merged with the
 * instance group's (instance group wins; Hash+Hash merges recursively; anything else is
 * replaced); `{}` when there are none. Throws VALIDATION_INVALID_TYPE, with BOSH's message,
 * when a present `properties` is not a Hash.
 */
export function selectPropertyInput(sources: PropertySources): RubyHash {
  if (sources.jobProperties !== undefined)
    return cloneRubyValue(requireHash(sources.jobProperties)) as RubyHash;
  const global = sources.globalProperties === undefined ? emptyHash() : requireHash(sources.globalProperties);
  const group =
    sources.instanceGroupProperties === undefined
      ? emptyHash()
      : requireHash(sources.instanceGroupProperties);
  return recursiveMerge(global, group);
}

/**
 * Binds a job's properties (§2.2): for each declared property, in spec order, validate the
 * shape of the input along its dotted name, look it up, fall back to the spec default when it
 * is absent or nil (`false` and `0` are kept), sort Hash keys recursively (arrays untouched),
 * and store it at its dotted path. Undeclared input is dropped; dotted manifest keys are not
 * expanded. A nil or false input counts as `{}`, as in Ruby's `||= {}`.
 * Throws INVALID_PROPERTY_TYPE (`Property 'a.b' expects a hash, but received 'FalseClass'`).
 */
export function bindProperties(definitions: ReadonlyArray<PropertyDefinition>, input: RubyValue): RubyHash {
  const source: RubyValue = input === null || input === false ? emptyHash() : input;
  const bound: RubyHash = new Map();
  for (const definition of definitions) {
    validatePropertiesFormat(source, definition.name);
    const provided = lookupProperty(source, definition.name);
    const value = provided === null ? definition.default : provided;
    setProperty(bound, definition.name, sortProperty(cloneRubyValue(value)));
  }
  return bound;
}

/**
 * The `properties` of a link that job `providerJobName` provides (§2.5,
 * `process_link_properties`): for each name the provider lists, the value at that dotted path
 * of the provider's raw property input (§2.1) when the key exists there, even if it is null
 * (and, as in BOSH, even if the spec does not declare it); otherwise the spec default. Values
 * are not sorted. Names that are neither set nor declared throw LINK_PROPERTY_UNDECLARED, one
 * line per name: `Link property <prop> in template <job> is not defined in release spec`.
 */
export function computeLinkProperties(
  provided: readonly string[],
  providerDefinitions: ReadonlyArray<PropertyDefinition>,
  rawProviderInput: RubyValue,
  providerJobName: string,
): RubyHash {
  const declared = new Map(providerDefinitions.map((d) => [d.name, d]));
  const mapped: RubyHash = new Map();
  const errors: string[] = [];
  for (const name of provided) {
    const found = findExistingKey(rawProviderInput, name);
    const definition = declared.get(name);
    if (found.exists) setProperty(mapped, name, cloneRubyValue(found.value));
    else if (definition) setProperty(mapped, name, cloneRubyValue(definition.default));
    else errors.push(`Link property ${name} in template ${providerJobName} is not defined in release spec`);
  }
  if (errors.length > 0) throw new BosunError('LINK_PROPERTY_UNDECLARED', errors.join('\n'));
  return mapped;
}

/**
 * Ruby's Hash `recursive_merge`: keys of `base` keep their places, new keys of `over` come
 * after. Returns new hashes (BOSH mutates nested hashes of the global properties; we do not).
 */
export function recursiveMerge(base: RubyHash, over: RubyHash): RubyHash {
  const merged = cloneRubyValue(base) as RubyHash;
  for (const [key, value] of over) {
    const old = merged.get(key);
    merged.set(
      key,
      isRubyHash(old) && isRubyHash(value) ? recursiveMerge(old, value) : cloneRubyValue(value),
    );
  }
  return merged;
}

/** `find_property` of link_helpers: a key that exists with a nil value counts as found. */
function findExistingKey(collection: RubyValue, name: string): { exists: boolean; value: RubyValue } {
  let node: RubyValue = collection;
  for (const key of name.split('.')) {
    // Ruby: `!node || !node.key?(key)`; a non-Hash truthy node would raise NoMethodError.
    if (!isRubyHash(node) || !node.has(key)) return { exists: false, value: null };
    node = node.get(key) ?? null;
  }
  return { exists: true, value: node };
}

function emptyHash(): RubyHash {
  return new Map<RubyValue, RubyValue>();
}

function requireHash(value: RubyValue): RubyHash {
  if (isRubyHash(value)) return value;
  throw new BosunError(
    'VALIDATION_INVALID_TYPE',
    `Property 'properties' value (${inspectRubyValue(value)}) did not match the required type 'Hash'`,
  );
}

