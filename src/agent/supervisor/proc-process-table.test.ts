import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseStat, ProcProcessTable } from './proc-process-table.js';

describe('parseStat', () => {
  it('counts fields from the last parenthesis, so a command name may hold spaces and parentheses', () => {
    const fields = [
      'S',
      '10',
      '42',
      '42',
      '0',
      '-1',
      '4194560',
      '1',
      '0',
      '0',
      '0',
      '250',
      '50',
      '0',
      '0',
      '20',
      '0',
      '1',
      '0',
      '1234',
      '0',
    ];
    expect(parseStat(`77 (my (odd) name) ${fields.join(' ')}`, 1_000_000)).toEqual({
      pid: 77,
      state: 'S',
      ppid: 10,
      pgid: 42,
      cpuSeconds: 3,
      startTimeMs: 1_000_000 + 12_340,
    });
  });

  it('returns undefined for text that is not a stat line', () => {
    expect(parseStat('', 0)).toBeUndefined();
    expect(parseStat('12 (x) S 1', 0)).toBeUndefined();
  });
});

describe('ProcProcessTable', () => {
  const table = new ProcProcessTable();

  it('reads this process from /proc', async () => {
    const self = await table.inspect(process.pid);
    expect(self?.pid).toBe(process.pid);
    expect(self?.ppid).toBe(process.ppid);
    expect(self?.pgid).toBe(table.ownPgid);
    expect(self?.state).toMatch(/^[RS]$/);
    expect(Math.abs((self?.startTimeMs ?? 0) - (Date.now() - process.uptime() * 1000))).toBeLessThan(2_000);
    expect(await table.residentKb(process.pid)).toBeGreaterThan(1000);
    expect(await table.commandLine(process.pid)).toContain('node');
    expect((await table.list()).some((p) => p.pid === process.pid)).toBe(true);
  });

  it('answers undefined for a process that does not exist', async () => {
    expect(await table.inspect(2 ** 22 + 1)).toBeUndefined();
    expect(table.signal(2 ** 22 + 1, 'SIGTERM')).toBe(false);
  });

  it.each([
    ['1234\n', 1234],
    ['  42 trailing', 42],
    ['', undefined],
    ['abc', undefined],
    ['0', undefined],
  ])('reads the pidfile %j as %s', async (text, pid) => {
    const dir = await mkdtemp(join(tmpdir(), 'bosun-pidfile-'));
    try {
      await writeFile(join(dir, 'x.pid'), text);
      expect(await table.readPidfile(join(dir, 'x.pid'))).toBe(pid);
      expect(await table.readPidfile(join(dir, 'missing.pid'))).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
