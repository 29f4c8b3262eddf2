import { describe, expect, it } from 'vitest';
import { MemoryCpiLog } from '../cpi-log.js';
import { FakeCommandRunner } from '../fake-command-runner.js';
import { SandboxNetwork } from './sandbox-network.js';

const vif = {
  network: 'default',
  guest_interface: 'eth0',
  host_interface: 'b0abcdef012345',
  bridge: 'bosun9',
  ip: '10.244.9.5',
  prefix_length: 24,
  gateway: '10.244.9.1',
  is_default_gateway: true,
};

describe('SandboxNetwork', () => {
  it('creates a missing bridge with the gateway address', async () => {
    const runner = new FakeCommandRunner((r) => {
      const line = r.argv.join(' ');
      if (line === 'ip link show dev bosun9')
        return { exitCode: 1, stderr: 'Device "bosun9" does not exist.' };
      if (line === 'ip -j addr show dev bosun9') return { stdout: '[{"ifname":"bosun9","addr_info":[]}]' };
      return {};
    });
    await new SandboxNetwork(runner, { PATH: '/bin' }, new MemoryCpiLog()).ensureBridge(
      'bosun9',
      '10.244.9.1',
      24,
    );
    expect(runner.commandLines).toEqual([
      'ip link show dev bosun9',
      'ip link add name bosun9 type bridge',
      'ip -j addr show dev bosun9',
      'ip addr add 10.244.9.1/24 dev bosun9',
      'ip link set dev bosun9 up',
    ]);
    expect(runner.requests.every((r) => r.env['PATH'] === '/bin')).toBe(true);
  });

  it('leaves an existing bridge and address alone, and accepts losing a race to create them', async () => {
    const runner = new FakeCommandRunner((r) => {
      const line = r.argv.join(' ');
      if (line === 'ip -j addr show dev bosun9')
        return { stdout: '[{"addr_info":[{"local":"10.244.9.1","prefixlen":24}]}]' };
      return {};
    });
    await new SandboxNetwork(runner, {}, new MemoryCpiLog()).ensureBridge('bosun9', '10.244.9.1', 24);
    expect(runner.commandLines).toEqual([
      'ip link show dev bosun9',
      'ip -j addr show dev bosun9',
      'ip link set dev bosun9 up',
    ]);

    const racing = new FakeCommandRunner((r) => {
      const line = r.argv.join(' ');
      if (line === 'ip link show dev bosun9') return { exitCode: 1 };
      if (line.startsWith('ip link add') || line.startsWith('ip addr add'))
        return { exitCode: 2, stderr: 'RTNETLINK answers: File exists' };
      return { stdout: '[]' };
    });
    await expect(
      new SandboxNetwork(racing, {}, new MemoryCpiLog()).ensureBridge('bosun9', '10.244.9.1', 24),
    ).resolves.toBeUndefined();
  });

  it('wires a VM interface: veth into the namespace, bridge, address, fresh ARP entries, default route', async () => {
    const runner = new FakeCommandRunner();
    const network = new SandboxNetwork(runner, {}, new MemoryCpiLog());
    await network.addNamespace('bosun-vm-1');
    await network.addInterface('bosun-vm-1', vif);
    expect(runner.commandLines).toEqual([
      'ip netns add bosun-vm-1',
      'ip -n bosun-vm-1 link set dev lo up',
      'ip link add name b0abcdef012345 type veth peer name eth0 netns bosun-vm-1',
      'ip link set dev b0abcdef012345 master bosun9',
      'ip link set dev b0abcdef012345 up',
      'ip -n bosun-vm-1 addr add 10.244.9.5/24 dev eth0',
      // A recycled address must not stay bound to a deleted VM's MAC (tens of seconds unreachable).
      'ip netns exec bosun-vm-1 sh -c echo 1 > /proc/sys/net/ipv4/conf/eth0/arp_notify',
      'ip neigh flush to 10.244.9.5 dev bosun9',
      'ip -n bosun-vm-1 link set dev eth0 up',
      'ip -n bosun-vm-1 route add default via 10.244.9.1 dev eth0',
    ]);
  });

  it('treats a namespace or link that is already gone as deleted, and fails on anything else', async () => {
    const runner = new FakeCommandRunner((r) =>
      r.argv.includes('netns')
        ? {
            exitCode: 1,
            stderr: 'Cannot remove namespace file "/run/netns/bosun-vm-1": No such file or directory',
          }
        : { exitCode: 1, stderr: 'Cannot find device "b0abcdef012345"' },
    );
    const network = new SandboxNetwork(runner, {}, new MemoryCpiLog());
    await network.deleteNamespace('bosun-vm-1');
    await network.deleteLink('b0abcdef012345');
    const failing = new SandboxNetwork(
      new FakeCommandRunner(() => ({ exitCode: 2, stderr: 'RTNETLINK answers: Operation not permitted' })),
      {},
      new MemoryCpiLog(),
    );
    await expect(failing.addNamespace('bosun-vm-1')).rejects.toThrow(
      "'ip netns add bosun-vm-1' failed (exit code 2): RTNETLINK answers: Operation not permitted",
    );
  });
});
