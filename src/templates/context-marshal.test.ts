import { beforeAll, describe, expect, it } from 'vitest';
import { RubySymbol, toRubyValue, type RubyValue } from '../yaml/index.js';
import { marshalEvaluationContext } from './context-marshal.js';
import { marshalRubyValue } from './ruby-marshal.js';
import { RubyVmHost } from './ruby-vm-host.js';

// §2.6 isolation: every template gets a fresh copy of the context. The copy that Ruby loads
// from marshalEvaluationContext must be what EvaluationContext.new builds, object for object.
let host: RubyVmHost;
beforeAll(async () => {
  host = await RubyVmHost.start();
  host.evalRuby(`
    def bosun_structs(o, out = [])
      case o
      when OpenStruct then out << [Kernel.instance_method(:class).bind_call(o).name, Kernel.instance_method(:singleton_methods).bind_call(o).sort]; o.instance_variable_get(:@table).each_value { |v| bosun_structs(v, out) }
      when Array then o.each { |v| bosun_structs(v, out) }
      end
      out
    end
    def bosun_shape(c) = [c.instance_variables, bosun_structs(c.spec), bosun_structs(c.properties)]
    nil
  `);
});

const b64 = (b: Buffer): string => JSON.stringify(b.toString('base64'));

/** Loads both contexts in Ruby and compares them; returns what differs, or 'same'. */
function compareWithRuby(spec: RubyValue): string {
  const image = marshalEvaluationContext(spec);
  if (image === undefined) throw new Error('no image');
  const keys = (names: string[]) => `[${names.map((n) => `${JSON.stringify(n)}.to_sym`).join(', ')}]`;
  return host.evalRuby(`
    copy = Bosun::ContextCopies.new(${b64(image.bytes)}.unpack1('m0'), ${keys(image.specKeys)}, ${keys(image.propertyKeys)}, nil).next_context
    built = Bosh::Common::Template::EvaluationContext.new(Marshal.load(${b64(marshalRubyValue(spec))}.unpack1('m0')), nil)
    problems = []
    problems << 'Marshal.dump' unless Marshal.dump(copy) == Marshal.dump(built)
    problems << "shape #{bosun_shape(copy)} vs #{bosun_shape(built)}" unless bosun_shape(copy) == bosun_shape(built)
    problems << '==' unless copy == built
    problems.empty? ? 'same' : problems.join('; ')
  `);
}

const rb = (js: unknown): RubyValue => toRubyValue(js);

describe('marshalEvaluationContext', () => {
  it.each<[string, RubyValue]>([
    [
      'a Director-like spec with properties and links',
      rb({
        deployment: 'cf',
        name: 'nats',
        index: 0,
        id: 'deadbeef',
        az: 'z1',
        bootstrap: true,
        networks: { default: { ip: '10.0.0.5', default: ['dns', 'gateway'], cloud_properties: {} } },
        job: { name: 'nats', templates: [{ name: 'nats', version: null }] },
        properties: { nats: { port: 4222, machines: ['10.0.0.5', '10.0.0.6'], ratio: 0.5, huge: 2n ** 80n } },
        links: { db: { instances: [{ address: 'db.example.com', properties: { a: 'b' } }], properties: { port: 5432 } } },
        release: { name: 'r', version: '1' },
      }),
    ],
    ['no properties or links', rb({ name: 'x', index: 3 })],
    ['properties nil and links false', rb({ name: 'x', properties: null, links: false })],
    ['properties a String', rb({ name: 'x', properties: 'just text' })],
    ['properties an Array of Hashes', rb({ properties: [{ a: 1 }, [{ b: 'c' }]] })],
    ['name a Hash, index a big Integer', rb({ name: { first: 'a' }, index: 2n ** 70n })],
    ['no name at all', rb({ index: 1 })],
    ['Unicode keys and values', rb({ name: 'ü', properties: { 'ключ': 'значение', 'é': { 'ß': '✓' } } })],
    [
      'keys that shadow methods get accessors, as OpenStruct.new gives them',
      rb({
        name: 'x',
        format: 'spec-level',
        properties: { format: 'json', method: 'GET', methods: ['a'], 'b=': 1, b: 2, 'c!': 3, display: { class: 'k' }, table: 't' },
      }),
    ],
    ['an empty spec', new Map()],
  ])('loads what EvaluationContext.new builds: %s', (_name, spec) => {
    expect(compareWithRuby(spec)).toBe('same');
  });

  it('lists the keys of the spec structs and of the properties structs', () => {
    const image = marshalEvaluationContext(rb({ name: 'x', properties: { a: { b: 1 } }, links: { l: { instances: [] } } }));
    expect(image?.specKeys).toEqual(['name', 'properties', 'links', 'a', 'b', 'l', 'instances']);
    expect(image?.propertyKeys).toEqual(['a', 'b']);
  });

  it.each<[string, RubyValue]>([
    ['a spec that is not a Hash', rb(['a'])],
    ['an Integer key', new Map<RubyValue, RubyValue>([['properties', new Map<RubyValue, RubyValue>([[1n, 'a']])]])],
    ['a Symbol key', new Map<RubyValue, RubyValue>([[new RubySymbol('name'), 'a']])],
  ])('leaves %s to Ruby', (_name, spec) => {
    expect(marshalEvaluationContext(spec)).toBeUndefined();
  });
});
