/** What Psych's ToRuby does with Ruby-object tags under safe_load (only Symbol is permitted). */

export const STR = 'tag:yaml.org,2002:str';

/** Raised for a node Psych's safe_load would reject; `offset` points at the node. */
export class PsychLoadError extends Error {
  override readonly name = 'PsychLoadError';
  constructor(
    message: string,
    readonly offset: number,
    readonly hint: string,
  ) {
    super(message);
  }
}

export const SCALAR_CLASSES: Readonly<Record<string, string>> = {
  '!ruby/object:BigDecimal': 'BigDecimal',
  '!ruby/object:DateTime': 'DateTime',
  '!ruby/object:Complex': 'Complex',
  '!ruby/object:Rational': 'Rational',
  '!ruby/regexp': 'Regexp',
  '!ruby/range': 'Range',
};

/** The Ruby class Psych would load for a tagged mapping; undefined for a plain Hash, '' for unsupported. */
export function mappingClass(tag: string): string | undefined {
  let m: RegExpExecArray | null;
  if ((m = /^!ruby\/struct:?(.*)?$/.exec(tag))) return m[1] || 'Struct';
  if ((m = /^!ruby\/data(-with-ivars)?(?::(.*))?$/.exec(tag))) return m[2] || 'Data';
  if ((m = /^!ruby\/object:?(.*)?$/.exec(tag))) return m[1] === 'Hash' ? undefined : m[1] || 'Object';
  if (/^!(?:str|ruby\/string)(?::(.*))?$/.test(tag) || tag === STR) return '';
  if ((m = /^!ruby\/array:(.*)$/.exec(tag))) return m[1];
  if (tag === '!ruby/range') return 'Range';
  if ((m = /^!ruby\/exception:?(.*)?$/.exec(tag))) return m[1] || 'Exception';
  if (tag === '!set' || tag === 'tag:yaml.org,2002:set') return 'Psych::Set';
  if ((m = /^!ruby\/hash-with-ivars(?::(.*))?$/.exec(tag))) return m[1] ?? '';
  if ((m = /^!map:(.*)$/.exec(tag)) || (m = /^!ruby\/hash:(.*)$/.exec(tag))) return m[1];
  if (tag === '!omap' || tag === 'tag:yaml.org,2002:omap') return 'Psych::Omap';
  if ((m = /^!ruby\/marshalable:(.*)$/.exec(tag))) return m[1];
  return undefined;
}

const PLAIN_DATA_HINT =
  "YAML is loaded as Ruby's YAML.safe_load does: only strings, numbers, booleans, nil, arrays, hashes and :symbols. Remove the tag.";

export function disallowed(className: string, offset: number): never {
  throw new PsychLoadError(`Tried to load unspecified class: ${className}`, offset, PLAIN_DATA_HINT);
}

export function unsupported(what: string, offset: number): never {
  throw new PsychLoadError(
    `Bosun does not load ${what} (a Ruby object beyond plain data)`,
    offset,
    PLAIN_DATA_HINT,
  );
}
