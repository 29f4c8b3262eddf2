import { appendFileSync, closeSync, openSync, writeSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../base/index.js';
import { applySpecSchema } from '../../protocol/index.js';
import { LogRotator } from './log-rotator.js';

describe('LogRotator', () => {
  let dir: string;
  let log: string;
  let errors: unknown[];
  const gunzipped = async (file: string): Promise<string> =>
    gunzipSync(await readFile(file)).toString('utf8');

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bosun-rotate-'));
    log = join(dir, 'web/web.log');
    await mkdir(join(dir, 'web'));
    errors = [];
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const rotator = (size = '10'): LogRotator =>
    new LogRotator({ logDir: dir, maxLogFileSize: size, onError: (e) => errors.push(e) });

  it('copies, compresses and truncates in place, so an O_APPEND writer goes on at the start', async () => {
    const fd = openSync(log, 'a', 0o640);
    try {
      writeSync(fd, 'first line\n');
      await chmod(log, 0o640);
      expect(await rotator().rotateOnce()).toEqual([log]);
      writeSync(fd, 'second\n');
    } finally {
      closeSync(fd);
    }
    expect(await readFile(log, 'utf8')).toBe('second\n');
    expect(await gunzipped(`${log}.1.gz`)).toBe('first line\n');
    expect((await stat(`${log}.1.gz`)).mode & 0o777).toBe(0o640);
    expect((await readdir(join(dir, 'web'))).sort()).toEqual(['web.log', 'web.log.1.gz']);
  });

  it('keeps 7 rotations, the newest as .1.gz, after 8 rotations', async () => {
    const subject = rotator();
    for (let n = 1; n <= 8; n += 1) {
      appendFileSync(log, `generation ${n}\n`);
      await subject.rotateOnce();
    }
    expect((await readdir(join(dir, 'web'))).sort()).toEqual([
      'web.log',
      ...[1, 2, 3, 4, 5, 6, 7].map((n) => `web.log.${n}.gz`),
    ]);
    for (let n = 1; n <= 7; n += 1) expect(await gunzipped(`${log}.${n}.gz`)).toBe(`generation ${9 - n}\n`);
    expect(await readFile(log, 'utf8')).toBe('');
  });

  it('leaves files below the size and files that are not logs alone', async () => {
    await writeFile(log, '123456789');
    await writeFile(join(dir, 'web/big.txt'), 'x'.repeat(100));
    expect(await rotator().rotateOnce()).toEqual([]);
    expect((await readdir(join(dir, 'web'))).sort()).toEqual(['big.txt', 'web.log']);
  });

  it('takes the size from an applied spec and refuses a malformed one', () => {
    const subject = rotator();
    subject.configure(applySpecSchema.parse({ properties: { logging: { max_log_file_size: '2k' } } }));
    expect(subject.maxLogFileSizeBytes).toBe(2048);
    subject.configure(applySpecSchema.parse({}));
    expect(subject.maxLogFileSizeBytes).toBe(50 * 1024 * 1024);
    expect(() =>
      subject.configure(applySpecSchema.parse({ properties: { logging: { max_log_file_size: '2 MB' } } })),
    ).toThrow("properties.logging.max_log_file_size: invalid size '2 MB'");
    expect(subject.maxLogFileSizeBytes).toBe(50 * 1024 * 1024);
  });

  it('checks every 15 minutes until stopped', async () => {
    const clock = new FakeClock();
    const stop = new AbortController();
    const running = rotator().start(clock, stop.signal);
    await writeFile(log, 'x'.repeat(20));
    await clock.advance(14 * 60_000);
    expect(await readdir(join(dir, 'web'))).toEqual(['web.log']);
    await clock.advance(60_000);
    await expect.poll(() => readdir(join(dir, 'web'))).toEqual(['web.log', 'web.log.1.gz']);
    await writeFile(log, 'y'.repeat(20));
    await clock.advance(15 * 60_000);
    await expect.poll(async () => (await readdir(join(dir, 'web'))).length).toBe(3);
    stop.abort();
    await running;
    expect(errors).toEqual([]);
  });

  it('reports a failed rotation to onError, rotates the other files and keeps going', async () => {
    const clock = new FakeClock();
    const stop = new AbortController();
    await writeFile(log, 'x'.repeat(20));
    await writeFile(join(dir, 'top.log'), 'x'.repeat(20));
    await mkdir(`${log}.rotating.gz`);
    const running = rotator().start(clock, stop.signal);
    await clock.advance(15 * 60_000);
    await expect.poll(() => errors.length).toBe(1);
    expect(String(errors[0])).toMatch(new RegExp(`^BosunError: Rotating logs failed for ${log}: EISDIR`));
    expect(await gunzipped(join(dir, 'top.log.1.gz'))).toBe('x'.repeat(20));
    stop.abort();
    await running;
  });
});
