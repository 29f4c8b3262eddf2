import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLocalCpiConfig, readLocalCpiConfig } from './local-cpi-config.js';

describe('local CPI config', () => {
  it('fills in defaults', () => {
    expect(parseLocalCpiConfig({ cpi_dir: '/var/lib/bosun/cpi' }, 'x')).toEqual({
      cpi_dir: '/var/lib/bosun/cpi',
      bridge: 'bosun0',
      stop_grace_ms: 10_000,
      start_timeout_ms: 10_000,
      path: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    });
  });

  it('names every problem with its path', () => {
    expect(() =>
      parseLocalCpiConfig(
        {
          cpi_dir: 'relative',
          bridge: 'a-bridge-name-too-long',
          dynamic_network: { range: '10.0.0.0', gateway: 'x' },
          extra: 1,
        },
        'cpi.yml',
      ),
    ).toThrow(
      [
        'Local CPI config cpi.yml is invalid:',
        '  cpi_dir: must be an absolute path',
        '  bridge: must be a network interface name (at most 15 characters)',
        '  dynamic_network.range: expected a subnet in CIDR notation, like 10.244.0.0/24',
        '  dynamic_network.gateway: expected an IPv4 address',
        '  (top level): Unrecognized key: "extra"',
      ].join('\n'),
    );
  });

  it('reads YAML', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bosun-cpi-config-'));
    try {
      writeFileSync(
        join(dir, 'cpi.yml'),
        'cpi_dir: /tmp/cpi\nbridge: bosun7\ndynamic_network: {range: 10.244.7.0/24, gateway: 10.244.7.1}\n',
      );
      expect(await readLocalCpiConfig(join(dir, 'cpi.yml'))).toMatchObject({
        bridge: 'bosun7',
        dynamic_network: { range: '10.244.7.0/24', gateway: '10.244.7.1', reserved: [] },
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
