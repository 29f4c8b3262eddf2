import { describe, expect, it } from 'vitest';
import { errorOf } from '../../test/support/error-of.js';
import { isBosunError } from '../base/index.js';
import { fromRubyValue, RubySymbol, toRubyValue } from '../yaml/index.js';
import type { RubyHash, RubyValue } from '../yaml/index.js';
import {
  bindProperties,
  computeLinkProperties,
  recursiveMerge,
  selectPropertyInput,
} from './bind-properties.js';
import type { PropertyDefinition } from './bind-properties.js';

const rb = (js: unknown): RubyValue => toRubyValue(js);
const hash = (js: object): RubyHash => toRubyValue(js) as RubyHash;
const json = (v: RubyValue): string => JSON.stringify(fromRubyValue(v));
const def = (name: string, dflt: RubyValue = null): PropertyDefinition => ({ name, default: dflt });


describe('selectPropertyInput', () => {
  const global = hash({ property_1: 'ignored', property_3: 'new_value' });
  const group = hash({ property_1: 'property_1_value', property_2: { life: 'life_value' } });

  it.each<[string, RubyValue | undefined, RubyValue | undefined, RubyValue | undefined, string]>([
    [
      'merges global with instance group, instance group winning',
      undefined,
      group,
      global,
      '{"property_1":"property_1_value","property_3":"new_value","property_2":{"life":"life_value"}}',
    ],
    ['uses the job properties alone when present', hash({ a: 1 }), group, global, '{"a":1}'],
    ['uses an empty job properties hash alone', hash({}), group, global, '{}'],
    ['returns {} when nothing is set', undefined, undefined, undefined, '{}'],
    ['uses instance group properties alone', undefined, group, undefined, json(group)],
    [
      'merges nested hashes and replaces other types',
      undefined,
      hash({ a: { y: 2, z: { q: 1 } }, b: [2], c: { x: 1 } }),
      hash({ a: { x: 1, z: 'str' }, b: [1], c: 'str', d: 1 }),
      '{"a":{"x":1,"z":{"q":1},"y":2},"b":[2],"c":{"x":1},"d":1}',
    ],
  ])('%s', (_name, jobProperties, instanceGroupProperties, globalProperties, expected) => {
    const input = selectPropertyInput({ jobProperties, instanceGroupProperties, globalProperties });
    expect(json(input)).toBe(expected);
  });

  it.each<[string, RubyValue, string]>([
    ['null', null, 'nil'],
    ['a String', 'a "b" #{c}\n', '"a \\"b\\" \\#{c}\\n"'],
    [
      'an Array',
      [1n, 2.5, 1e20, 1e15, 1e14, 1e-5, 0.0001, null, true],
      '[1, 2.5, 1.0e+20, 1.0e+15, 100000000000000.0, 1.0e-05, 0.0001, nil, true]',
    ],
    ['a Float', 100.0, '100.0'],
    ['a Symbol', new RubySymbol('x'), ':x'],
  ])('rejects job properties that are %s with BOSH message', (_name, value, inspected) => {
    const e = errorOf(() =>
      selectPropertyInput({
        jobProperties: value,
        instanceGroupProperties: undefined,
        globalProperties: undefined,
      }),
    );
    expect(isBosunError(e, 'VALIDATION_INVALID_TYPE')).toBe(true);
    expect(e.message).toBe(
      `Property 'properties' value (${inspected}) did not match the required type 'Hash'`,
    );
  });

  it('rejects instance group properties that are not a Hash', () => {
    const e = errorOf(() =>
      selectPropertyInput({
        jobProperties: undefined,
        instanceGroupProperties: rb([1]),
        globalProperties: undefined,
      }),
    );
    expect(e.message).toBe("Property 'properties' value ([1]) did not match the required type 'Hash'");
  });

  it('does not share or mutate the inputs', () => {
    const g = hash({ a: { x: 1 } });
    const ig = hash({ a: { y: 2 } });
    const merged = selectPropertyInput({
      jobProperties: undefined,
      instanceGroupProperties: ig,
      globalProperties: g,
    });
    (merged.get('a') as RubyHash).set('z', 3n);
    expect(json(g)).toBe('{"a":{"x":1}}');
    expect(json(ig)).toBe('{"a":{"y":2}}');
  });
});

describe('bindProperties', () => {
  const spec = [
    def('cc_url', 'cloudfoundry.com'),
    def('deep_property.dont_override'),
    def('dea_max_memory', 2048n),
    def('map_property'),
    def('array_property'),
  ];

  it('T89 keeps declared values, drops undeclared ones, sorts hashes and leaves arrays', () => {
    const manifest = rb({
      cc_url: 'www.cc.com',
      deep_property: { unneeded: 'abc', dont_override: 'def' },
      map_property: { n2: 'foo', n1: 'foo' },
      array_property: ['m3', 'm1'],
      dea_max_memory: 1024,
    });
    expect(json(bindProperties(spec, manifest))).toBe(
      '{"cc_url":"www.cc.com","deep_property":{"dont_override":"def"},"dea_max_memory":1024,' +
        '"map_property":{"n1":"foo","n2":"foo"},"array_property":["m3","m1"]}',
    );
  });

  it('T90 fills the default when the manifest leaves a property out', () => {
    const bound = bindProperties(spec, rb({ cc_url: 'www.cc.com' }));
    expect(bound.get('dea_max_memory')).toBe(2048n);
    expect(json(bound)).toBe(
      '{"cc_url":"www.cc.com","deep_property":{"dont_override":null},"dea_max_memory":2048,' +
        '"map_property":null,"array_property":null}',
    );
  });

  it('T91 raises InvalidPropertyType when an intermediate is false', () => {
    const e = errorOf(() => bindProperties(spec, rb({ deep_property: false })));
    expect(isBosunError(e, 'INVALID_PROPERTY_TYPE')).toBe(true);
    expect(e.message).toBe(
      "Property 'deep_property.dont_override' expects a hash, but received 'FalseClass'",
    );
  });

  it('T92 binds global and instance group values over defaults (no job properties)', () => {
    const input = selectPropertyInput({
      jobProperties: undefined,
      globalProperties: hash({ property1: 'global_value1' }),
      instanceGroupProperties: hash({ property2: 'cluster_value1' }),
    });
    const defs = [
      def('property1', 'default_value1'),
      def('property2', 'default_value2'),
      def('property3', 'default_value3'),
    ];
    expect(json(bindProperties(defs, input))).toBe(
      '{"property1":"global_value1","property2":"cluster_value1","property3":"default_value3"}',
    );
  });

  it.each<[string, RubyValue, RubyValue, RubyValue]>([
    ['A93 uses the default for an explicit null', null, 'dflt', 'dflt'],
    ['keeps false over a true default', false, true, false],
    ['keeps 0 over a non-nil default', 0n, 5n, 0n],
    ['keeps an empty string', '', 'x', ''],
    ['keeps a Float as a Float', 1.0, 2n, 1.0],
    ['keeps a big Integer exactly', 2n ** 70n, null, 2n ** 70n],
    ['stores nil when there is no value and no default', null, null, null],
  ])('%s', (_name, value, dflt, expected) => {
    const bound = bindProperties([def('p', dflt)], new Map([['p', value]]));
    expect(bound.get('p')).toStrictEqual(expected);
    expect(bound.has('p')).toBe(true);
  });

  it('sorts a hash default recursively', () => {
    const bound = bindProperties([def('m', rb({ b: { d: 1, c: 2 }, a: 1 }))], new Map());
    expect(json(bound)).toBe('{"m":{"a":1,"b":{"c":2,"d":1}}}');
  });

  it('does not expand dotted manifest keys', () => {
    expect(json(bindProperties([def('a.b', 'dflt')], rb({ 'a.b': 1 })))).toBe('{"a":{"b":"dflt"}}');
  });

  it('treats a nil input as {}', () => {
    expect(json(bindProperties([def('a', 1n)], null))).toBe('{"a":1}');
  });

  it('raises for a non-Hash input', () => {
    expect(errorOf(() => bindProperties([def('a')], 'str')).message).toBe(
      "Property 'a' expects a hash, but received 'String'",
    );
  });

  it('merges overlapping declared names into one hash', () => {
    const bound = bindProperties([def('a', rb({ x: 1 })), def('a.b', 2n)], new Map());
    expect(json(bound)).toBe('{"a":{"x":1,"b":2}}');
  });

  it('shares nothing with the input or the defaults', () => {
    const dflt = rb({ list: [{ k: 'v' }] });
    const input = rb({ given: { inner: [1] } });
    const bound = bindProperties([def('d', dflt), def('given')], input);
    const d = bound.get('d') as RubyHash;
    ((d.get('list') as RubyValue[])[0] as RubyHash).set('k', 'changed');
    ((bound.get('given') as RubyHash).get('inner') as RubyValue[]).push(2n);
    expect(json(dflt)).toBe('{"list":[{"k":"v"}]}');
    expect(json(input)).toBe('{"given":{"inner":[1]}}');
  });
});

describe('computeLinkProperties', () => {
  const defs = [def('port', 8080n), def('name'), def('tls.enabled', false), def('opt', 'd')];

  it.each<[string, readonly string[], RubyValue, string]>([
    ['uses the raw value when the key exists', ['port'], rb({ port: 42 }), '{"port":42}'],
    ['uses an explicit null over the default', ['port'], rb({ port: null }), '{"port":null}'],
    [
      'falls back to the default when the key is absent',
      ['port', 'tls.enabled'],
      rb({}),
      '{"port":8080,"tls":{"enabled":false}}',
    ],
    ['gives nil for a declared property without default', ['name'], rb({}), '{"name":null}'],
    ['does not sort hash values', ['opt'], rb({ opt: { b: 1, a: 2 } }), '{"opt":{"b":1,"a":2}}'],
    [
      'treats a non-Hash intermediate as absent',
      ['tls.enabled'],
      rb({ tls: 'x' }),
      '{"tls":{"enabled":false}}',
    ],
    [
      'uses a manifest value even when the spec does not declare it',
      ['extra'],
      rb({ extra: 1 }),
      '{"extra":1}',
    ],
    [
      'keeps nested found values',
      ['tls.enabled'],
      rb({ tls: { enabled: true } }),
      '{"tls":{"enabled":true}}',
    ],
  ])('%s', (_name, provided, raw, expected) => {
    expect(json(computeLinkProperties(provided, defs, raw, 'db'))).toBe(expected);
  });

  it('raises for every undeclared property, with BOSH message', () => {
    const e = errorOf(() => computeLinkProperties(['port', 'b', 'c.d'], defs, rb({}), 'provider_fail'));
    expect(isBosunError(e, 'LINK_PROPERTY_UNDECLARED')).toBe(true);
    expect(e.message).toBe(
      'Link property b in template provider_fail is not defined in release spec\n' +
        'Link property c.d in template provider_fail is not defined in release spec',
    );
  });

  it('copies values so that the result shares nothing with the input', () => {
    const raw = rb({ opt: { a: [1] } });
    const out = computeLinkProperties(['opt'], defs, raw, 'db');
    ((out.get('opt') as RubyHash).get('a') as RubyValue[]).push(2n);
    expect(json(raw)).toBe('{"opt":{"a":[1]}}');
  });
});

describe('recursiveMerge', () => {
  it('appends new keys after existing ones', () => {
    expect(json(recursiveMerge(hash({ b: 1, a: 1 }), hash({ c: 2, b: 3 })))).toBe('{"b":3,"a":1,"c":2}');
  });
});
