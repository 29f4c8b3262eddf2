import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CpiError, ExternalCpi, nodeCommandRunner, type CpiCallRecord } from '../../src/cpi/index.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bosun-external-cpi-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** An executable CPI: a sh script that saves its stdin and runs `body`. */
function fakeCpiExecutable(name: string, body: string): string {
  const file = join(dir, name);
  writeFileSync(file, `#!/bin/sh\ncat > "${file}.request"\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

function externalCpi(path: string, records: CpiCallRecord[] = [], timeoutMs = 10_000): ExternalCpi {
  return new ExternalCpi({
    path,
    directorUuid: 'd-1',
    runner: nodeCommandRunner,
    timeoutMs,
    debugLog: { record: (r) => records.push(r) },
  });
}

/** True while `pid` exists and is not a zombie (a zombie's reaping is its parent's business). */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

async function failureOf(p: Promise<unknown>): Promise<CpiError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof CpiError) return e;
    throw e;
  }
  throw new Error('expected a failure');
}

describe('ExternalCpi with real executables', () => {
  it('sends the request on stdin and returns the result; stderr and log go to the debug log', async () => {
    const path = fakeCpiExecutable(
      'ok',
      `echo 'cpi says hi' >&2\necho '{"result":"disk-7","error":null,"log":"made disk-7"}'`,
    );
    const records: CpiCallRecord[] = [];
    expect(await externalCpi(path, records).createDisk(1024, { type: 'x' }, 'vm-1')).toBe('disk-7');
    const sent = JSON.parse(readFileSync(`${path}.request`, 'utf8')) as Record<string, unknown>;
    expect(sent).toMatchObject({
      method: 'create_disk',
      arguments: [1024, { type: 'x' }, 'vm-1'],
      api_version: 2,
      context: { director_uuid: 'd-1' },
    });
    expect(records[0]).toMatchObject({
      method: 'create_disk',
      stderr: 'cpi says hi\n',
      log: 'made disk-7',
      exitCode: 0,
    });
  });

  it('raises the error type, message and ok_to_retry, ignoring a non-zero exit code', async () => {
    const path = fakeCpiExecutable(
      'err',
      `echo '{"result":null,"error":{"type":"Bosh::Clouds::VMCreationFailed","message":"no capacity","ok_to_retry":true},"log":""}'\nexit 1`,
    );
    const e = await failureOf(externalCpi(path).deleteVm('vm-1'));
    expect([e.code, e.cpiType, e.isOkToRetry]).toEqual(['CPI_ERROR', 'Bosh::Clouds::VMCreationFailed', true]);
    expect(e.message).toMatch(
      /^CPI error 'Bosh::Clouds::VMCreationFailed' with message 'no capacity' in 'delete_vm' CPI method \(CPI request ID: 'cpi-\d{6}'\)$/,
    );
  });

  it('reports output that is not JSON with the exit code and stderr', async () => {
    const path = fakeCpiExecutable('garbage', `echo 'Traceback: boom' >&2\necho 'not json'\nexit 3`);
    const e = await failureOf(externalCpi(path).hasVm('vm-1'));
    expect(e.message).toMatch(
      /^Invalid CPI response - ParserError - .* in 'has_vm' CPI method \(CPI request ID: 'cpi-\d{6}'\); exit code 3; stderr:\nTraceback: boom$/,
    );
  });

  it('reports a CPI killed by a signal', async () => {
    const path = fakeCpiExecutable('killed', 'kill -9 $$');
    expect((await failureOf(externalCpi(path).info())).message).toMatch(/; signal SIGKILL$/);
  });

  it('kills the whole process group when the deadline passes', async () => {
    const path = fakeCpiExecutable('slow', `sleep 30 &\necho $! > "${join(dir, 'slow.child')}"\nwait`);
    const e = await failureOf(externalCpi(path, [], 500).info());
    expect(e.message).toMatch(
      /^CPI 'info' call failed \(CPI request ID: 'cpi-\d{6}'\): '.*slow' did not finish within 500 ms$/,
    );
    const child = Number(readFileSync(join(dir, 'slow.child'), 'utf8'));
    for (let i = 0; i < 100 && isRunning(child); i += 1) await new Promise((r) => setTimeout(r, 20));
    expect(isRunning(child)).toBe(false);
  });

  it("says a file that is not executable cannot run, in BOSH's words", async () => {
    const path = join(dir, 'plain');
    writeFileSync(path, 'echo');
    expect((await failureOf(externalCpi(path).info())).message).toMatch(
      new RegExp(`^Failed to run cpi: '${path}' is not executable \\(`),
    );
  });
});
