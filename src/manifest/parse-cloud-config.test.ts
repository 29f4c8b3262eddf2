import { describe, expect, it } from 'vitest';
import { fromRubyValue } from '../yaml/index.js';
import { DEFAULT_LOCAL_CLOUD_CONFIG_YAML, defaultLocalCloudConfig } from './default-cloud-config.js';
import { formatIpv4 } from './ip-range.js';
import { parseCloudConfig, validateCloudConfig } from './parse-cloud-config.js';

const FILE = 'cloud.yml';

const SUBNET: Record<string, string> = {
  range: '10.0.0.0/24',
  gateway: '10.0.0.1',
  reserved: '[10.0.0.2 - 10.0.0.9]',
  static: '[10.0.0.10 - 10.0.0.20]',
  azs: '[z1, z2]',
};

/** The test cloud config; `subnet` changes keys of the only subnet (null removes one). */
function cloud(subnet: Record<string, string | null> = {}, lines: Record<number, string> = {}): string {
  const keys = { ...SUBNET, ...subnet };
  const flow = Object.entries(keys)
    .filter((entry): entry is [string, string] => entry[1] !== null)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');
  const text = [
    'azs: [{name: z1}, {name: z2}]',
    'networks:',
    '- name: default',
    '  subnets:',
    `  - {${flow}}`,
    'vm_types: [{name: default}]',
    'disk_types: [{name: default, disk_size: 1024}]',
    'compilation: {workers: 1, az: z1, vm_type: default, network: default}',
  ];
  for (const [n, line] of Object.entries(lines)) text[Number(n) - 1] = line;
  return text.join('\n');
}

function problemsOf(text: string) {
  return validateCloudConfig(text, FILE).problems;
}

describe('parseCloudConfig', () => {
  it('reads networks with addresses as numbers and BOSH defaults', () => {
    const c = parseCloudConfig(cloud(), FILE);
    expect(c.azs.map((a) => a.name)).toEqual(['z1', 'z2']);
    const network = c.networks[0]!;
    expect(network.type).toBe('manual');
    if (network.type !== 'manual') return;
    const subnet = network.subnets[0]!;
    expect(formatIpv4(subnet.range.first)).toBe('10.0.0.0');
    expect(subnet.range.prefixLength).toBe(24);
    expect(subnet.netmask).toBe('255.255.255.0');
    expect(formatIpv4(subnet.gateway!)).toBe('10.0.0.1');
    expect(subnet.reserved.map((r) => [formatIpv4(r.first), formatIpv4(r.last)])).toEqual([
      ['10.0.0.2', '10.0.0.9'],
    ]);
    expect(subnet.static.map((r) => [formatIpv4(r.first), formatIpv4(r.last)])).toEqual([
      ['10.0.0.10', '10.0.0.20'],
    ]);
    expect(subnet.azs).toEqual(['z1', 'z2']);
    expect(c.disk_types).toEqual([{ name: 'default', disk_size: 1024, cloud_properties: new Map() }]);
    expect(c.compilation).toMatchObject({
      workers: 1,
      az: 'z1',
      vm_type: 'default',
      network: 'default',
      reuse_compilation_vms: false,
    });
  });

  it('reads dynamic and vip networks', () => {
    const c = parseCloudConfig(
      cloud(
        {},
        {
          6: 'vm_types: [{name: default}]\n- {name: d, type: dynamic, dns: [8.8.8.8], cloud_properties: {a: 1}}\n- {name: v, type: vip}',
        },
      ).replace('vm_types: [{name: default}]\n- {name: d', '- {name: d') + '\nvm_types: [{name: default}]',
      FILE,
    );
    expect(c.networks.map((n) => n.type)).toEqual(['manual', 'dynamic', 'vip']);
    const dynamic = c.networks[1]!;
    if (dynamic.type !== 'dynamic') throw new Error('expected dynamic');
    expect(dynamic.subnets).toEqual([
      { dns: ['8.8.8.8'], azs: undefined, cloud_properties: dynamic.subnets[0]!.cloud_properties },
    ]);
    expect(fromRubyValue(dynamic.subnets[0]!.cloud_properties)).toEqual({ a: 1 });
  });

  // prettier-ignore
  it.each<[string, Record<string, string | null>, string, string]>([
    ['a missing gateway', { gateway: null }, 'networks[0].subnets[0].gateway', `Required property 'gateway' was not specified in object ({"range" => "10.0.0.0/24", "reserved" => ["10.0.0.2 - 10.0.0.9"], "static" => ["10.0.0.10 - 10.0.0.20"], "azs" => ["z1", "z2"]})`],
    ['a one-address range', { range: '10.0.0.1/32', gateway: '10.0.0.1', reserved: null, static: null }, 'networks[0].subnets[0].range', "Invalid network range '10.0.0.1/32', should include at least 2 IPs"],
    ['a range that is not CIDR', { range: '10.0.0.0/40' }, 'networks[0].subnets[0].range', "Invalid network range '10.0.0.0/40' for network 'default': invalid address: 10.0.0.0/40"],
    ['a gateway outside the range', { gateway: '10.0.1.1' }, 'networks[0].subnets[0].gateway', "Invalid gateway for network 'default': must be inside the range"],
    ['a gateway on the network id', { gateway: '10.0.0.0' }, 'networks[0].subnets[0].gateway', "Invalid gateway for network 'default': can't be the network id"],
    ['a gateway on the broadcast IP', { gateway: '10.0.0.255' }, 'networks[0].subnets[0].gateway', "Invalid gateway for network 'default': can't be the broadcast IP"],
    ['a gateway that is a block', { gateway: '10.0.0.0/30' }, 'networks[0].subnets[0].gateway', "Invalid gateway for network 'default': must be a single IP"],
    ['a reserved IP outside the range', { reserved: '[10.0.0.250 - 10.0.1.3]' }, 'networks[0].subnets[0].reserved', "Reserved IP '10.0.1.0' is out of network 'default' range"],
    ['a bad reserved range', { reserved: '[10.0.0.2 - 10.0.0.x]' }, 'networks[0].subnets[0].reserved', 'invalid address: 10.0.0.x'],
    ['a static IP in the reserved range', { static: '[10.0.0.8 - 10.0.0.20]' }, 'networks[0].subnets[0].static', "Static IP '10.0.0.8' is in network 'default' reserved range"],
    ['the gateway as static IP', { static: '[10.0.0.1]' }, 'networks[0].subnets[0].static', "Static IP '10.0.0.1' is in network 'default' reserved range"],
    ['a static IP outside the range', { static: '[10.0.1.10]' }, 'networks[0].subnets[0].static', "Static IP '10.0.1.10' is out of network 'default' range"],
    ['a DNS server that is a block', { dns: '[10.0.0.0/24]' }, 'networks[0].subnets[0].dns', "Invalid DNS for network 'default': must be a single IP"],
    ['az and azs', { az: 'z1' }, 'networks[0].subnets[0]', "Network 'default' contains both 'az' and 'azs'. Choose one."],
    ['empty azs', { azs: '[]' }, 'networks[0].subnets[0].azs', "Network 'default' refers to an empty 'azs' array"],
    ['an unknown AZ', { azs: '[z1, z9]' }, 'networks[0].subnets[0]', "Network 'default' refers to an unknown availability zone 'z9'"],
  ])('reports %s with BOSH message', (_what, subnet, path, message) => {
    expect(problemsOf(cloud(subnet))).toEqual([{ path, line: 5, message }]);
  });

  // prettier-ignore
  it.each<[string, Record<number, string>, string, number, string]>([
    ['an unknown compilation network', { 8: 'compilation: {workers: 1, az: z1, vm_type: default, network: other}' }, 'compilation.network', 8, "Compilation config references an unknown network 'other'"],
    ['an unknown network type', { 3: '- name: default\n  type: overlay' }, 'networks[0].type', 4, "Invalid network type 'overlay'"],
    ['overlapping subnets', { 5: '  - {range: 10.0.0.0/24, gateway: 10.0.0.1}\n  - {range: 10.0.0.128/25, gateway: 10.0.0.129}' }, 'networks[0].subnets[1].range', 6, "Network 'default' has overlapping subnets"],
    ['subnets with and without AZs', { 5: '  - {range: 10.0.0.0/24, gateway: 10.0.0.1, az: z1}\n  - {range: 10.0.1.0/24, gateway: 10.0.1.1}', }, 'networks[0].subnets', 4, "Subnets on network 'default' must all either specify availability zone or not"],
    ['two networks of one canonical name', { 5: `  - {range: 10.0.0.0/24, gateway: 10.0.0.1, azs: [z1]}\n- name: Default\n  type: vip` }, 'networks[1].name', 6, "Invalid network name 'Default', canonical name already taken"],
    ['a dynamic network with az', { 3: '- {name: default, type: dynamic, az: z1}', 4: '', 5: '' }, 'networks[0].az', 3, "Network 'default' must not specify 'az'."],
    ['a dynamic network with dns beside subnets', { 3: '- {name: default, type: dynamic, dns: [8.8.8.8], subnets: [{az: z1}]}', 4: '', 5: '' }, 'networks[0].dns', 3, "Network 'default' must not specify 'dns' when also specifying 'subnets'. Instead, 'dns' should be specified on subnet entries."],
    ['two AZs of one name', { 1: 'azs: [{name: z1}, {name: z1}, {name: z2}]' }, 'azs[1].name', 1, "Duplicate az name 'z1'"],
    ['two vm types of one name', { 6: 'vm_types: [{name: default}, {name: default}]' }, 'vm_types[1].name', 6, "Duplicate vm type name 'default'"],
    ['two disk types of one name', { 7: 'disk_types: [{name: d, disk_size: 1}, {name: d, disk_size: 2}]' }, 'disk_types[1].name', 7, "Duplicate disk type name 'd'"],
    ['a negative disk size', { 7: 'disk_types: [{name: d, disk_size: -1}]' }, 'disk_types[0].disk_size', 7, "Disk types 'd' references an invalid persistent disk size '-1'"],
    ['no compilation workers', { 8: 'compilation: {workers: 0, az: z1, vm_type: default, network: default}' }, 'compilation.workers', 8, "'workers' value (0) should be greater than 1"],
    ['no compilation', { 8: '' }, 'compilation', 1, `Required property 'compilation' was not specified in object ({"azs" => [{"name" => "z1"}, {"name" => "z2"}], "networks" => [{"name" => "default", "subnets" => [{"range" => "10.0.0.0/24", "gateway" => "10.0.0.1", "reserved" => ["10.0.0.2 - 10.0.0.9"], "static" => ["10.0.0.10 - 10.0.0.20"], "azs" => ["z1", "z2"]}]}], "vm_types" => [{"name" => "default"}], "disk_types" => [{"name" => "default", "disk_size" => 1024}]})`],
    ['an unknown compilation AZ', { 8: 'compilation: {workers: 1, az: z3, vm_type: default, network: default}' }, 'compilation.az', 8, "Compilation config references unknown az 'z3'. Known azs are: [z1, z2]"],
    ['a compilation AZ without subnet', { 8: 'compilation: {workers: 1, vm_type: default, network: default}' }, 'compilation', 8, "Compilation config refers to az '' but network 'default' has no matching subnet(s)."],
    ['an unknown compilation vm type', { 8: 'compilation: {workers: 1, az: z1, vm_type: big, network: default}' }, 'compilation.vm_type', 8, "Compilation config references unknown vm type 'big'. Known vm types are: default"],
    ['no compilation VM', { 8: 'compilation: {workers: 1, az: z1, network: default}' }, 'compilation', 8, "Compilation config requires either 'vm_type', 'vm_resources', or 'cloud_properties', none given."],
    ['two compilation VMs', { 8: 'compilation: {workers: 1, az: z1, vm_type: default, cloud_properties: {a: 1}, network: default}', }, 'compilation', 8, "Compilation config specifies more than one of 'vm_type', 'vm_resources', or 'cloud_properties', only one is allowed."],
  ])('reports %s with BOSH message', (_what, lines, path, line, message) => {
    expect(problemsOf(cloud({}, lines))).toEqual([{ path, line, message }]);
  });

  it('reports no networks, and what refers to them', () => {
    expect(
      problemsOf(cloud({}, { 2: 'networks: []', 3: '', 4: '', 5: '' })).map((p) => [
        p.path,
        p.line,
        p.message,
      ]),
    ).toEqual([
      ['networks', 2, 'No networks specified'],
      ['compilation.network', 8, "Compilation config references an unknown network 'default'"],
    ]);
  });

  it('throws CLOUD_CONFIG_INVALID listing every problem', () => {
    expect(() => parseCloudConfig(cloud({ gateway: '10.0.1.1', static: '[10.0.1.10]' }), FILE)).toThrow(
      expect.objectContaining({
        code: 'CLOUD_CONFIG_INVALID',
        message: [
          'Cloud config cloud.yml is invalid:',
          "  cloud.yml:5: networks[0].subnets[0].gateway: Invalid gateway for network 'default': must be inside the range",
          "  cloud.yml:5: networks[0].subnets[0].static: Static IP '10.0.1.10' is out of network 'default' range",
        ].join('\n'),
      }),
    );
  });
});

describe('defaultLocalCloudConfig', () => {
  it('has z1-z3, a manual network default, vm and disk types default and reused compilation workers', () => {
    const c = defaultLocalCloudConfig();
    expect(c.azs.map((a) => a.name)).toEqual(['z1', 'z2', 'z3']);
    expect(c.networks.map((n) => [n.name, n.type])).toEqual([['default', 'manual']]);
    const subnet = c.networks[0]!.type === 'manual' ? c.networks[0]!.subnets[0]! : undefined;
    expect(subnet?.azs).toEqual(['z1', 'z2', 'z3']);
    expect(formatIpv4(subnet!.range.first)).toBe('10.245.0.0');
    expect(formatIpv4(subnet!.gateway!)).toBe('10.245.0.1');
    expect(c.vm_types.map((t) => t.name)).toEqual(['default']);
    expect(c.disk_types.map((d) => [d.name, d.disk_size])).toEqual([['default', 1024]]);
    expect(c.compilation).toMatchObject({
      workers: 2,
      az: 'z1',
      vm_type: 'default',
      network: 'default',
      reuse_compilation_vms: true,
    });
  });

  it('is the YAML that `bosun cloud-config` shows', () => {
    expect(validateCloudConfig(DEFAULT_LOCAL_CLOUD_CONFIG_YAML, 'x').problems).toEqual([]);
  });
});
