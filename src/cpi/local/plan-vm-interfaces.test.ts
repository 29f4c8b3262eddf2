import { describe, expect, it } from 'vitest';
import { parseLocalCpiConfig } from './local-cpi-config.js';
import { planVmInterfaces } from './plan-vm-interfaces.js';

const config = parseLocalCpiConfig(
  {
    cpi_dir: '/cpi',
    bridge: 'bosun9',
    dynamic_network: { range: '10.244.9.0/24', gateway: '10.244.9.1', reserved: ['10.244.9.2'] },
  },
  'test',
);

describe('planVmInterfaces', () => {
  it('plans a manual network on the configured bridge with the default route', () => {
    const [vif, ...rest] = planVmInterfaces(
      'vm-1',
      { default: { type: 'manual', ip: '10.244.0.5', netmask: '255.255.255.0', gateway: '10.244.0.1' } },
      config,
    );
    expect(rest).toEqual([]);
    expect(vif).toEqual({
      network: 'default',
      type: 'manual',
      ip: '10.244.0.5',
      prefixLength: 24,
      gateway: '10.244.0.1',
      bridge: 'bosun9',
      hostInterface: expect.stringMatching(/^b0[0-9a-f]{12}$/) as unknown,
      guestInterface: 'eth0',
      isDefaultGateway: true,
      dynamicSubnet: null,
      excludedIps: [],
    });
  });

  it('takes dynamic addresses from the configured range, honours default: [gateway] and a bridge in cloud_properties', () => {
    const plan = planVmInterfaces(
      'vm-1',
      {
        a: { type: 'manual', ip: '10.1.0.5', netmask: '255.255.0.0', cloud_properties: { bridge: 'other0' } },
        b: { type: 'dynamic', default: ['dns', 'gateway'] },
      },
      config,
    );
    expect(
      plan.map((p) => [
        p.network,
        p.bridge,
        p.guestInterface,
        p.isDefaultGateway,
        p.ip,
        p.prefixLength,
        p.gateway,
      ]),
    ).toEqual([
      ['a', 'other0', 'eth0', false, '10.1.0.5', 16, null],
      ['b', 'bosun9', 'eth1', true, null, 24, '10.244.9.1'],
    ]);
    expect(plan[1]?.excludedIps).toEqual(['10.244.9.1', '10.244.9.2']);
    expect(plan[0]?.hostInterface).not.toBe(plan[1]?.hostInterface);
    expect(plan[0]?.hostInterface.length).toBeLessThanOrEqual(15);
  });

  it.each([
    [
      { n: { type: 'vip', ip: '1.2.3.4' } },
      "network 'n' has type 'vip', which the local CPI does not support",
    ],
    [{ n: { type: 'manual', ip: '10.0.0.2' } }, "manual network 'n' needs 'ip' and 'netmask'"],
  ] as const)('refuses %j', (networks, message) => {
    expect(() => planVmInterfaces('vm-1', networks, config)).toThrow(
      `Cannot configure the VM's networks: ${message}`,
    );
  });

  it('refuses a dynamic network without a configured range', () => {
    const bare = parseLocalCpiConfig({ cpi_dir: '/cpi' }, 'test');
    expect(() => planVmInterfaces('vm-1', { d: { type: 'dynamic' } }, bare)).toThrow(
      "Cannot configure the VM's networks: network 'd' is dynamic, but the local CPI config has no dynamic_network range",
    );
  });
});
