import { describe, expect, it } from 'vitest';
import { isBosunError } from '../base/index.js';
import { loadYaml, loadYamlDocument } from './load-yaml.js';
import { RubySymbol, type RubyHash, type RubyValue } from './ruby-value.js';

// Expected values were checked against Ruby 3.4.1, Psych 5.2.2, libyaml 0.2.5:
// YAML.safe_load(text, permitted_classes: [Symbol], aliases: true).
// "tokenize" below is Psych::ScalarScanner#tokenize (strict_integer: false); "ToRuby" is
// Psych::Visitors::ToRuby.

const sym = (name: string) => new RubySymbol(name);
const hash = (...entries: Array<[RubyValue, RubyValue]>): RubyHash => new Map(entries);
/** The value of `v: <scalar>`. */
const scalar = (text: string) => (loadYaml(`v: ${text}`, 'f.yml') as RubyHash).get('v');

describe('loadYaml', () => {
  it.each<[string, RubyValue, string]>([
    ['', null, 'tokenize: empty string is nil'],
    ['~', null, 'tokenize: ~ is nil'],
    ['null', null, 'tokenize: /^null$/i'],
    ['NULL', null, 'tokenize: /^null$/i is case-insensitive'],
    ['nuLL', null, 'tokenize: /^null$/i is case-insensitive'],
    ['true', true, 'tokenize: /^(yes|true|on)$/i'],
    ['Yes', true, 'tokenize: /^(yes|true|on)$/i'],
    ['ON', true, 'tokenize: /^(yes|true|on)$/i'],
    ['no', false, 'tokenize: /^(no|false|off)$/i'],
    ['oFF', false, 'tokenize: /^(no|false|off)$/i'],
    ['FALSE', false, 'tokenize: /^(no|false|off)$/i'],
    ['y', 'y', 'tokenize: y is not a boolean in Psych (unlike the YAML 1.1 spec)'],
    ['n', 'n', 'tokenize: n is not a boolean in Psych'],
    ['Yes please', 'Yes please', 'tokenize: words longer than 5 characters are Strings'],
    ['42', 42n, 'tokenize: INTEGER_LEGACY base 10'],
    ['-17', -17n, 'tokenize: INTEGER_LEGACY signed'],
    ['+12', 12n, 'tokenize: INTEGER_LEGACY signed'],
    ['1_000', 1000n, 'tokenize: parse_int deletes _'],
    ['1,000,000', 1000000n, 'tokenize: INTEGER_LEGACY allows , (not in YAML spec)'],
    ['1__000', '1__000', 'tokenize: base 10 allows single separators only'],
    [
      '123456789012345678901234567890',
      123456789012345678901234567890n,
      'tokenize: Integer has no size limit',
    ],
    ['0755', 493n, 'tokenize: leading 0 is octal'],
    ['010', 8n, 'tokenize: leading 0 is octal'],
    ['09', '09', 'tokenize: 09 is neither octal, decimal nor FLOAT, so a String'],
    ['0o17', '0o17', 'tokenize: 0o is not a YAML 1.1 prefix'],
    ['0x1F', 31n, 'tokenize: 0x is hexadecimal'],
    ['-0x1F', -31n, 'tokenize: signed hexadecimal'],
    ['0X1F', '0X1F', 'tokenize: the prefix is lower-case only'],
    ['0b1010', 10n, 'tokenize: 0b is binary'],
    ['0x_', '0x_', 'tokenize: INTEGER_LEGACY needs a digit after the prefix'],
    ['1:30', 5400n, 'tokenize: sexagesimal weights parts 60^|i-2|, so 1:30 is 1*3600+30*60'],
    ['190:20:30', 685230n, 'tokenize: sexagesimal with three parts'],
    ['1:60', '1:60', 'tokenize: sexagesimal parts are [0-5]?[0-9]'],
    ['1:30.5', 5430, 'tokenize: sexagesimal Float'],
    ['1.0', 1, 'tokenize: FLOAT (stays a Float, a JS number)'],
    ['-0.5', -0.5, 'tokenize: FLOAT'],
    ['.5', 0.5, 'tokenize: FLOAT without integer part'],
    ['1.', 1, 'tokenize: FLOAT drops a trailing dot'],
    ['1_000.5', 1000.5, 'tokenize: FLOAT deletes , and _'],
    ['1.0e+3', 1000, 'tokenize: FLOAT exponent needs a sign'],
    ['1.0e3', '1.0e3', 'tokenize: FLOAT exponent without a sign is a String'],
    ['1e3', '1e3', 'tokenize: no dot, so not FLOAT and not an Integer: a String'],
    ['.', '.', 'tokenize: a lone dot is a String'],
    ['.inf', Infinity, 'tokenize: /^\\+?\\.inf$/i'],
    ['-.INF', -Infinity, 'tokenize: /^-\\.inf$/i'],
    ['.NaN', NaN, 'tokenize: /^\\.nan$/i'],
    [':name', sym('name'), 'tokenize: /^:./ is a Symbol (Symbol is permitted)'],
    [':"quoted sym"', sym('quoted sym'), 'tokenize: :"..." is a Symbol of the quoted text'],
    ['::x', sym(':x'), 'tokenize: only the first colon is dropped'],
    ['2001-12-14', '2001-12-14', 'tokenize makes a Date, which safe_load rejects; Bosun keeps the String'],
    [
      '2001-12-14 21:59:43.10 -5',
      '2001-12-14 21:59:43.10 -5',
      'tokenize makes a Time; Bosun keeps the String',
    ],
    ['"123"', '123', 'ToRuby: an untagged quoted scalar is a String'],
    ["'yes'", 'yes', 'ToRuby: an untagged quoted scalar is a String'],
    ['":sym"', ':sym', 'ToRuby: quoted text is never a Symbol'],
    ['!!str 12', '12', 'ToRuby: tag:yaml.org,2002:str'],
    ['!!int "12"', 12n, 'ToRuby: a tagged scalar is not "quoted"; other tags are tokenized'],
    ['!!float 1', 1, 'ToRuby: tag:yaml.org,2002:float is Float(tokenize(value))'],
    ['!!float 1e5', 100000, 'ToRuby: Float("1e5")'],
    ['!!bool yes', true, 'ToRuby: !!bool is tokenized'],
    ['!!null ""', null, 'ToRuby: !!null is tokenized'],
    ['! 12', 12n, 'ToRuby: the non-specific tag ! is tokenized'],
    ['!ruby/sym foo', sym('foo'), 'ToRuby: !ruby/sym'],
    ['!!binary aGVsbG8=', 'hello', 'ToRuby: !!binary is base64-decoded'],
    ['|\n  123\n', '123\n', 'ToRuby: a block scalar is "quoted", so a String'],
  ])('loads v: %j as Psych does (%s)', (text, expected, _rule) => {
    const value = scalar(text);
    if (typeof expected === 'number') expect(value).toBeTypeOf('number');
    expect(value).toEqual(expected);
  });

  it('keeps 1.0 a Float and 1 an Integer in JSON text (JSON is YAML)', () => {
    expect(loadYaml('{"a": 1.0, "b": [1, true, null, "x"], "c": 2e3}', 'f.json')).toEqual(
      hash(['a', 1], ['b', [1n, true, null, 'x']], ['c', '2e3']),
    );
  });

  it('keeps the type of keys: Integer, Float, Symbol, nil (ToRuby revive_hash)', () => {
    const value = loadYaml('1: a\n1.0: b\n:s: c\n~: d\nk: e\n', 'f.yml') as RubyHash;
    expect([...value.keys()]).toEqual([1n, 1, sym('s'), null, 'k']);
  });

  it('keeps the first position and the last value of a duplicate key (Ruby Hash#[]=)', () => {
    const value = loadYaml('a: 1\nb: 2\na: 3\n:s: 4\n:s: 5\n', 'f.yml') as RubyHash;
    expect([...value.entries()]).toEqual([
      ['a', 3n],
      ['b', 2n],
      [sym('s'), 5n],
    ]);
  });

  it('merges << with merged keys winning over earlier keys and later keys winning over merged ones', () => {
    const value = loadYaml('base: &b {x: 1, y: 2}\nc:\n  y: 0\n  <<: *b\n  x: 9\n', 'f.yml') as RubyHash;
    expect([...(value.get('c') as RubyHash).entries()]).toEqual([
      ['y', 2n],
      ['x', 9n],
    ]);
  });

  it('merges a list under << with the first hash winning, in Psych key order', () => {
    const value = loadYaml('<<: [{a: 1, b: 2}, {c: 3, a: 4}]\n', 'f.yml') as RubyHash;
    expect([...value.entries()]).toEqual([
      ['c', 3n],
      ['a', 1n],
      ['b', 2n],
    ]);
  });

  it.each<[string, RubyHash]>([
    ['<<: 5\n', hash(['<<', 5n])],
    ['<<: [1, {a: 1}]\n', hash(['<<', [1n, hash(['a', 1n])]])],
    ['!!str <<: {a: 1}\n', hash(['<<', hash(['a', 1n])])],
    ['"<<": {a: 1}\n', hash(['a', 1n])],
  ])('treats %j as Psych revive_hash does (a value that cannot merge is a "<<" key)', (text, expected) => {
    expect(loadYaml(text, 'f.yml')).toEqual(expected);
  });

  it('shares an aliased node as the same object, even recursively', () => {
    const value = loadYaml('a: &x {b: 1}\nc: *x\nr: &r\n  self: *r\n', 'f.yml') as RubyHash;
    expect(value.get('c')).toBe(value.get('a'));
    const r = value.get('r') as RubyHash;
    expect(r.get('self')).toBe(r);
  });

  it('reads only the first document, like safe_load, and ignores errors after it', () => {
    expect(loadYaml('--- 1\n--- 2\n', 'f.yml')).toBe(1n);
    expect(loadYaml('a: 1\n---\n[', 'f.yml')).toEqual(hash(['a', 1n]));
  });

  it.each(['', '# only a comment\n', '---\n'])('loads %j as nil', (text) => {
    expect(loadYaml(text, 'f.yml')).toBeNull();
  });

  it('ends a block scalar at the end of the file without adding a line break (libyaml)', () => {
    expect(loadYaml('a: |\n  x', 'f.yml')).toEqual(hash(['a', 'x']));
    expect(loadYaml('a: |\n  x\n', 'f.yml')).toEqual(hash(['a', 'x\n']));
  });

  it.each<[string, string]>([
    [
      'a: [\n',
      'jobs/web/spec:2:1: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ],
    ['a: b\n  c: d\n', 'jobs/web/spec:1:4: Nested mappings are not allowed in compact mappings'],
    ['x: 1\n: 2\n', 'jobs/web/spec:2:1: did not find expected key while parsing a block mapping'],
    ['x: *nope\n', 'jobs/web/spec:1:4: An alias referenced an unknown anchor: nope'],
    ['x: !ruby/object:Foo {}\n', 'jobs/web/spec:1:4: Tried to load unspecified class: Foo'],
    ['x: !ruby/regexp /a/\n', 'jobs/web/spec:1:4: Tried to load unspecified class: Regexp'],
    ['x: !!float abc\n', 'jobs/web/spec:1:4: invalid value for Float(): "abc"'],
    ['x: .e+5\n', 'jobs/web/spec:1:4: invalid value for Float(): "e+5"'],
  ])('throws YAML_INVALID naming file, line and column for %j', (text, message) => {
    let thrown: unknown;
    try {
      loadYaml(text, 'jobs/web/spec');
    } catch (e) {
      thrown = e;
    }
    expect(isBosunError(thrown, 'YAML_INVALID')).toBe(true);
    expect((thrown as Error).message).toBe(message);
  });
});

describe('loadYamlDocument', () => {
  const doc = loadYamlDocument(
    'name: web\nproperties:\n  port:\n    default: 80\n  tls: {cert: x}\nlist:\n- a\n-\n  b: 1\n3: three\n<<: {m: 1}\n',
    'f.yml',
  );

  it.each<[ReadonlyArray<string | number>, number | undefined]>([
    [[], 1],
    [['name'], 1],
    [['properties', 'port'], 3],
    [['properties', 'port', 'default'], 4],
    [['properties', 'tls', 'cert'], 5],
    [['list', 1], 8],
    [['list', 1, 'b'], 9],
    [[3], 10],
    [['m'], 11],
    [['missing'], undefined],
    [['list', 7], undefined],
    [['name', 'deeper'], undefined],
  ])('gives the line of %j', (path, line) => {
    expect(doc.lineOf(path)).toBe(line);
  });
});
