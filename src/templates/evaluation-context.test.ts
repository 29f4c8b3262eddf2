import { beforeAll, describe, expect, it } from 'vitest';
import { RubyVmHost } from './ruby-vm-host.js';

// Reference §9, cases T01-T54 (EC, LI, EL, MD): the Ruby evaluation context itself, driven
// through the embedded VM. Fixture A and B are written as Ruby literals, as in BOSH's specs.

let host: RubyVmHost;
const rb = (code: string): string => host.evalRuby(code);
/** Evaluates code and returns "<ErrorClass>: <message>" or "ok: <inspect>". */
const outcome = (code: string): string =>
  rb(`begin; "ok: " + (${code}).inspect; rescue Exception => e; "#{e.class}: #{e.message}"; end`);

const FIXTURE_A = (useLinkDnsNames = false) => `{
  'name' => 'foobar', 'job' => { 'name' => 'foobar' }, 'index' => 0, 'id' => 'deadbeef',
  'bootstrap' => true, 'az' => 'foo-az', 'release' => { 'name' => 'test', 'version' => '1.0' },
  'properties' => { 'foo' => 'bar', 'router' => { 'token' => 'zbb' }, 'vtrue' => true, 'vfalse' => false },
  'networks' => { 'network1' => { 'foo' => 'bar', 'ip' => '192.168.0.1' }, 'network2' => { 'baz' => 'bang', 'ip' => '10.10.10.10' } },
  'links' => {
    'fake-link-1' => { 'deployment_name' => 'fake-deployment', 'instance_group' => 'fake-instance-group-1', 'default_network' => 'default', 'domain' => 'otherbosh', 'use_short_dns_addresses' => false,
                       'instances' => [{ 'address' => '123.456.789.101', 'properties' => { 'prop1' => 'value' } }] },
    'fake-link-2' => { 'deployment_name' => 'fake-deployment', 'instance_group' => 'fake-instance-group-2', 'default_network' => 'default', 'domain' => 'otherbosh', 'use_short_dns_addresses' => false, 'address' => 'some-address',
                       'instances' => [{ 'address' => '123.456.789.102', 'properties' => { 'prop2' => 'value' } }] },
    'fake-link-3' => { 'deployment_name' => 'fake-deployment', 'instance_group' => 'fake-instance-group-3', 'group_name' => 'link-group-name-3', 'use_link_dns_names' => ${useLinkDnsNames}, 'default_network' => 'default', 'domain' => 'otherbosh', 'use_short_dns_addresses' => false,
                       'instances' => [{ 'address' => '123.456.789.103', 'properties' => { 'prop3' => 'value' } }] },
  },
}`;
const FIXTURE_B = `{ 'prop1' => { 'nested1' => 'val1', 'nested2' => 'val2' }, 'prop2' => { 'nested3' => 'val3' }, 'prop3' => { 'nested4' => 'val4' } }`;
const T = 'Bosh::Common::Template';

beforeAll(async () => {
  host = await RubyVmHost.start();
  rb(`
    $encoder = Object.new
    def $encoder.encode_query(criteria, short); $last_query = [criteria, short]; 'encoded'; end
    $fixture_a = ${FIXTURE_A(false)}
    $fixture_a_link_dns = ${FIXTURE_A(true)}
    def ctx(use_link_dns_names = false)
      spec = use_link_dns_names ? $fixture_a_link_dns : $fixture_a
      ${T}::EvaluationContext.new(Marshal.load(Marshal.dump(spec)), $encoder)
    end
    def render(src, c = ctx) = ERB.new(src, trim_mode: '-').result(c.get_binding)
    nil
  `);
});

describe('EvaluationContext equality (§2.6, T01-T07)', () => {
  it('T01: two contexts from identical specs are ==', () => {
    expect(rb('ctx == ctx')).toBe('true');
  });
  it.each([
    ['T02', "b.spec.job.name = 'other'"],
    ['T03', "b.properties.foo = 'modified_bar'"],
    ['T04', "b.raw_properties['foo'] = 'changed'"],
    ['T05', "b.name << 'x'"],
    ['T06', 'b.instance_variable_set(:@index, 42)'],
  ])('%s: a mutated copy is not == (%s)', (_id, mutation) => {
    expect(rb(`a = ctx; b = ctx; ${mutation}; a == b`)).toBe('false');
  });
  it('T06: index reads the changed value', () => {
    expect(rb('b = ctx; b.instance_variable_set(:@index, 42); b.index')).toBe('42');
  });
  it.each(['name', 'index', 'spec', 'raw_properties', 'properties'])('T07: replacing public member %s breaks ==', (m) => {
    expect(rb(`a = ctx; b = ctx; b.instance_variable_set(:@${m}, 'foo'); a == b`)).toBe('false');
  });
  it('T07: private links and dns_encoder do not take part in ==', () => {
    expect(rb(`a = ctx; b = ctx; b.instance_variable_set(:@links, 'foo'); b.instance_variable_set(:@dns_encoder, 'foo'); a == b`)).toBe('true');
  });
});

describe('spec and properties in templates (§2.3, T08-T15)', () => {
  it.each([
    ['T08', '<%= spec.networks.send(spec.networks.methods(false).first).ip %>', '192.168.0.1'],
    ['T08', '<%= spec.networks.methods(false).inspect %>', '[:network1, :network2]'],
    ['T09', "<%= raw_properties['router']['token'] %>", 'zbb'],
    ['T10', '<%= spec.index %>', '0'],
    ['T11', '<%= spec.id %>', 'deadbeef'],
    ['T12', '<%= spec.az %>', 'foo-az'],
    ['T13', '<%= spec.bootstrap %>', 'true'],
    ['T14', '<%= spec.release.name %>/<%= spec.release.version %>', 'test/1.0'],
    ['T15', 'a', 'a'],
    ['§2.3 unknown spec field is nil', '<%= spec.no_such_field.inspect %>', 'nil'],
    ['§2.3 [] access by string and symbol', "<%= spec['networks'][:network2]['ip'] %>", '10.10.10.10'],
    ['§2.3 chained network access', '<%= spec.networks.network1.ip %>', '192.168.0.1'],
    ['§2.3 legacy properties struct', '<%= properties.router.token %>', 'zbb'],
    ['§2.3 name and index', '<%= name %>:<%= index %>', 'foobar:0'],
  ])('%s: %s', (_id, template, expected) => {
    expect(rb(`render(${JSON.stringify(template)})`)).toBe(expected);
  });
});

describe('link and if_link (§2.3, T16-T26)', () => {
  it('T16: link exposes its instance and the director encoder', () => {
    const code = `l = ctx.link('fake-link-1'); i = l.instances.first
      [l.instances.size, i.name, i.index, i.id, i.az, i.bootstrap, i.address, i.properties, l.properties,
       %i[@group_name @group_type @default_network @deployment_name @root_domain @use_short_dns].map { |v| l.instance_variable_get(v) },
       l.instance_variable_get(:@dns_encoder).equal?($encoder)].inspect`;
    expect(rb(code)).toBe(
      '[1, nil, nil, nil, nil, nil, "123.456.789.101", {"prop1" => "value"}, nil, ["fake-instance-group-1", "instance-group", "default", "fake-deployment", "otherbosh", false], true]',
    );
  });
  it('T17: a link with an address uses the manual encoder whatever the criteria', () => {
    expect(rb(`l = ctx.link('fake-link-2'); [l.address, l.address(azs: ['z1']), l.address(status: 'healthy')].inspect`)).toBe(
      '["some-address", "some-address", "some-address"]',
    );
    expect(rb(`ctx.link('fake-link-2').instance_variable_get(:@dns_encoder).class.name`)).toBe(`${T}::ManualLinkDnsEncoder`);
  });
  it('T18: an unknown link raises UnknownLink', () => {
    expect(outcome(`ctx.link('invisi-link')`)).toBe(`${T}::UnknownLink: Can't find link 'invisi-link'`);
  });
  it('T19: use_link_dns_names switches to the link group name', () => {
    expect(rb(`l = ctx(true).link('fake-link-3'); [l.instance_variable_get(:@group_name), l.instance_variable_get(:@group_type), l.instance_variable_get(:@dns_encoder).equal?($encoder)].inspect`)).toBe(
      '["link-group-name-3", "link", true]',
    );
  });
  it('T20: if_link yields the link', () => {
    expect(rb(`r = nil; ctx.if_link('fake-link-1') { |l| r = l.instances.map(&:address) }; r.inspect`)).toBe('["123.456.789.101"]');
  });
  it.each([
    ['T21', `ctx.if_link('imaginary-link-1') { raise 'called' }; 'no error'`, 'ok: "no error"'],
    ['T22', `ctx.if_link('fake-link-1') { }.else { raise 'else called' }`, 'ok: nil'],
    ['T23', `ctx.if_link('imaginary-link-1') { raise 'x' }.else { raise 'got here' }`, 'RuntimeError: got here'],
    ['T24', `ctx.if_link('fake-link-1') { }.else_if_link('whatever') { raise 'a' }.else { raise 'b' }`, 'ok: nil'],
    ['T25', `r = nil; ctx.if_link('imaginary-link') { raise 'a' }.else_if_link('fake-link-1') { |l| r = l.instances.size }.else { raise 'b' }; r`, 'ok: 1'],
    ['T26', `ctx.if_link('imaginary-link-1') { raise 'a' }.else_if_link('imaginary-link-2') { raise 'b' }.else { raise 'got to the else' }`, 'RuntimeError: got to the else'],
  ])('%s', (_id, code, expected) => {
    expect(outcome(code)).toBe(expected);
  });
});

describe('declared but not there (§9 A92, A96)', () => {
  const bare = `${T}::EvaluationContext.new({ 'properties' => { 'x' => nil }, 'links' => { 'x' => { 'properties' => {}, 'address' => 'a' } } }, nil)`;
  it.each([
    ['A92 p of a declared property bound to nil', `${bare}.p('x')`, `${T}::UnknownProperty: Can't find property '["x"]'`],
    ['A92 if_p of it takes the else branch', `${bare}.if_p('x') { raise 'called' }.else { 'else' }`, 'ok: "else"'],
    ['A96 link whose hash lacks instances', `${bare}.link('x')`, `${T}::UnknownLink: Can't find link 'x'`],
    ['A96 if_link of it takes the else branch', `${bare}.if_link('x') { raise 'called' }.else { 'else' }`, 'ok: "else"'],
  ])('%s', (_id, code, expected) => {
    expect(outcome(code)).toBe(expected);
  });
});

describe('p and if_p on the context (§2.3, T27-T41)', () => {
  it.each([
    ['T27', `[ctx.p('router.token'), ctx.p('vtrue'), ctx.p('vfalse')]`, 'ok: ["zbb", true, false]'],
    ['T28', `[ctx.p('bar.baz', 22), ctx.p(['a', 'b', 'c'], 22)]`, 'ok: [22, 22]'],
    ['T29', `ctx.p('bar.baz')`, `${T}::UnknownProperty: Can't find property '["bar.baz"]'`],
    ['T30', `ctx.p(['a', 'b', 'c'])`, `${T}::UnknownProperty: Can't find property '["a", "b", "c"]'`],
    ['T31', `ctx.p(['a', 'b', 'router', 'c'])['token']`, 'ok: "zbb"'],
    ['T32', `ctx.p(['a', 'b', 'router.token', 'c'])`, 'ok: "zbb"'],
    ['T33', `[ctx.p(['a', 'b', 'c'], false), ctx.p(['a', 'b', 'c'], true), ctx.p(['a', 'b', 'c'], nil)]`, 'ok: [false, true, nil]'],
    ['T34', `r = nil; ctx.if_p('router.token') { |v| r = v }; r`, 'ok: "zbb"'],
    ['T35', `r = nil; ctx.if_p('router.token', 'foo') { |a, b| r = [a, b] }; r`, 'ok: ["zbb", "bar"]'],
    ['T36', `ctx.if_p('router.token', 'nonexistent.prop') { raise 'called' }; 'not called'`, 'ok: "not called"'],
    ['T37', `ctx.if_p('router.token', 'foo') { }.else { raise 'else' }`, 'ok: nil'],
    ['T38', `ctx.if_p('router.token', 'nonexistent.prop') { raise 'a' }.else { raise 'be cool?' }`, 'RuntimeError: be cool?'],
    ['T39', `r = []; ctx.if_p('router.token', 'foo') { r << 1 }.else_if_p('vtrue') { raise 'a' }.else { raise 'b' }; r`, 'ok: [1]'],
    ['T40', `r = nil; ctx.if_p('nonexistent.prop') { raise 'a' }.else_if_p('vtrue') { |v| r = v }.else { raise 'b' }; r`, 'ok: true'],
    ['T41', `ctx.if_p('nonexistent.prop') { raise 'a' }.else_if_p('401.prop') { raise 'b' }.else { raise 'catch me if you can' }`, 'RuntimeError: catch me if you can'],
    ['A94', `r = :unset; ctx.if_p('vfalse') { |v| r = v }; r`, 'ok: false'],
  ])('%s', (_id, code, expected) => {
    expect(outcome(code)).toBe(expected);
  });
});

describe.each([
  ['link instance (LI)', `${T}::EvaluationLinkInstance.new('name', 'index', 'id', 'az', 'address', ${FIXTURE_B}, 'bootstrap')`],
  ['link (EL)', `${T}::EvaluationLink.new([], ${FIXTURE_B}, 'g', 'instance-group', 'n', 'd', 'bosh', nil, false)`],
])('p and if_p on a %s (§2.3, T43-T49)', (_kind, build) => {
  it.each([
    ['T43', `[o.p('prop1.nested2'), o.p('prop2.nested3')]`, 'ok: ["val2", "val3"]'],
    ['T44', `o.p('vroom')`, `${T}::UnknownProperty: Can't find property '["vroom"]'`],
    ['T45', `o.p('prop1.nestedX', 'default_value')`, 'ok: "default_value"'],
    ['T46', `o.p('vroom', 'vroom', 'vroom')`, `${T}::UnknownProperty: Can't find property '["vroom"]'`],
    ['T47', `b = o.if_p('prop1.nested1', 'prop2.doesntexist') { }; [b.class.name.split('::').last, b.instance_variable_get(:@context).equal?(o)]`, 'ok: ["ActiveElseBlock", true]'],
    ['T48', `r = nil; o.if_p('prop1.nested1', 'prop1.nested2', 'prop2.nested3') { |*v| r = v }; r`, 'ok: ["val1", "val2", "val3"]'],
    ['T49', `o.if_p('prop1.nested1') { }.class.name.split('::').last`, 'ok: "InactiveElseBlock"'],
  ])('%s', (_id, code, expected) => {
    expect(outcome(`o = ${build}; ${code}`)).toBe(expected);
  });
});

describe('link instance accessors and link address (§2.3, T42, T50-T54)', () => {
  it('T42: every accessor returns what was passed', () => {
    expect(
      rb(`i = ${T}::EvaluationLinkInstance.new('name', 'index', 'id', 'az', 'address', ${FIXTURE_B}, 'bootstrap'); [i.name, i.index, i.id, i.az, i.address, i.bootstrap, i.properties == ${FIXTURE_B}].inspect`),
    ).toBe('["name", "index", "id", "az", "address", "bootstrap", true]');
  });
  const link = (short: boolean, encoder = '$encoder') =>
    `${T}::EvaluationLink.new([], {}, 'potato_group', 'spud', 'potato_net', 'fake_deployment', 'sub.bosh', ${encoder}, ${short})`;
  it('T50: address passes the criteria and the link identity to the encoder', () => {
    expect(rb(`[${link(false)}.address(azs: ['zone1']), $last_query].inspect`)).toBe(
      '["encoded", [{azs: ["zone1"], group_name: "potato_group", group_type: "spud", default_network: "potato_net", deployment_name: "fake_deployment", root_domain: "sub.bosh"}, false]]',
    );
  });
  it('T51: status criteria reach the encoder', () => {
    expect(rb(`${link(false)}.address(status: 'default'); $last_query[0][:status]`)).toBe('default');
  });
  it('T52: the short-DNS flag reaches the encoder', () => {
    expect(rb(`${link(true)}.address; $last_query[1].inspect`)).toBe('true');
  });
  it('T53: without an encoder address is not implemented', () => {
    expect(outcome(`${link(false, 'nil')}.address(azs: ['zone1'])`)).toBe('NotImplementedError: link.address requires bosh director');
  });
  it('T54: the manual encoder answers its address for any query', () => {
    expect(rb(`e = ${T}::ManualLinkDnsEncoder.new('manual-link'); [e.encode_query('something'), e.encode_query({ 'actually' => 'anything' })].inspect`)).toBe(
      '["manual-link", "manual-link"]',
    );
  });
  it.each([
    [`{}`, 'q-s0.potato-group.potato-net.fake-deployment.sub.bosh'],
    [`{ azs: ['zone1'] }`, 'q-a1s0.potato-group.potato-net.fake-deployment.sub.bosh'],
    [`{ azs: ['zone2', 'zone1'], status: 'healthy' }`, 'q-a1a2s3.potato-group.potato-net.fake-deployment.sub.bosh'],
    [`{ status: 'all' }`, 'q-s4.potato-group.potato-net.fake-deployment.sub.bosh'],
    [`{ status: 'unhealthy' }`, 'q-s1.potato-group.potato-net.fake-deployment.sub.bosh'],
  ])('§2.3 the Director encoder turns %s into %s', (criteria, expected) => {
    const encoder = `Bosun::LinkDnsEncoder.new({ 'azs' => { 'zone1' => 1, 'zone2' => 2 } })`;
    expect(rb(`${link(false, encoder)}.address(${criteria})`)).toBe(expected);
  });
});
