import { describe, expect, it } from 'vitest';
import { BosunError } from '../base/index.js';
import type { Cpi, CpiCallOptions } from './cpi.js';
import { CpiError } from './cpi-error.js';
import { MemoryCpiLog } from './cpi-log.js';
import { runCpiCommand } from './run-cpi-command.js';

/** A Cpi whose every method records its call and answers from `answers` (or throws `failure`). */
function fakeCpi(
  answers: Record<string, unknown> = {},
  failure?: Error,
): { cpi: Cpi; calls: { method: string; args: unknown[] }[] } {
  const calls: { method: string; args: unknown[] }[] = [];
  const cpi = new Proxy({} as Cpi, {
    get:
      (_t, method: string) =>
      (...args: unknown[]) => {
        calls.push({ method, args });
        return failure === undefined ? Promise.resolve(answers[method]) : Promise.reject(failure);
      },
  });
  return { cpi, calls };
}

const request = (method: string, args: unknown[], context: Record<string, unknown> = {}): string =>
  JSON.stringify({
    method,
    arguments: args,
    context: { director_uuid: 'd', request_id: 'cpi-1', ...context },
    api_version: 2,
  });

async function respond(cpi: Cpi, text: string, log?: MemoryCpiLog): Promise<unknown> {
  const out = await runCpiCommand(cpi, text, log === undefined ? {} : { log });
  expect(out.endsWith('\n')).toBe(true);
  return JSON.parse(out) as unknown;
}

describe('runCpiCommand', () => {
  it('answers create_vm with [vm_cid, networks] and passes the stemcell API version', async () => {
    const { cpi, calls } = fakeCpi({ createVm: { vmCid: 'vm-1', networks: { n: { ip: '10.0.0.2' } } } });
    const args = [
      'agent-1',
      'sc-1',
      null,
      { n: { type: 'manual', ip: '10.0.0.2', netmask: '255.255.255.0' } },
      null,
      { bosh: {} },
    ];
    const reply = await respond(cpi, request('create_vm', args, { vm: { stemcell: { api_version: 3 } } }));
    expect(reply).toEqual({ result: ['vm-1', { n: { ip: '10.0.0.2' } }], error: null, log: '' });
    expect(calls[0]?.args[0]).toEqual({
      agentId: 'agent-1',
      stemcellCid: 'sc-1',
      cloudProperties: {},
      networks: args[3],
      diskCids: [],
      env: { bosh: {} },
    });
    expect((calls[0]?.args[1] as CpiCallOptions).stemcellApiVersion).toBe(3);
  });

  it.each([
    ['delete_vm', 'deleteVm', ['vm-1'], undefined, null],
    ['has_vm', 'hasVm', ['vm-1'], true, true],
    ['create_disk', 'createDisk', [1024, {}], 'disk-1', 'disk-1'],
    [
      'attach_disk',
      'attachDisk',
      ['vm-1', 'disk-1'],
      { path: '/var/vcap/store' },
      { path: '/var/vcap/store' },
    ],
    ['get_disks', 'getDisks', ['vm-1'], ['disk-1'], ['disk-1']],
    ['info', 'info', [], { api_version: 2, stemcell_formats: [] }, { api_version: 2, stemcell_formats: [] }],
  ])('maps %s onto Cpi.%s', async (method, cpiMethod, args, answer, result) => {
    const { cpi, calls } = fakeCpi({ [cpiMethod]: answer });
    expect(await respond(cpi, request(method, args as unknown[]))).toEqual({
      result,
      error: null,
      log: '',
    });
    expect(calls[0]?.method).toBe(cpiMethod);
  });

  it.each([
    ['not json', 'Request is not JSON: Unexpected token \'o\', "not json" is not valid JSON'],
    ['{"arguments": []}', 'Invalid request: method: Invalid input: expected string, received undefined'],
    [request('format_disk', []), "Method is not known, got 'format_disk'"],
    [
      request('attach_disk', ['vm-1']),
      "Invalid arguments of 'attach_disk': arguments: Too small: expected array to have >=2 items",
    ],
    [
      request('create_disk', ['big', {}]),
      "Invalid arguments of 'create_disk': arguments[0]: Invalid input: expected number, received string",
    ],
  ])('answers InvalidCall to request %#', async (text, message) => {
    const { cpi, calls } = fakeCpi();
    const reply = (await respond(cpi, text)) as { error: unknown };
    expect(reply.error).toEqual({ type: 'InvalidCall', message, ok_to_retry: false });
    expect(calls).toHaveLength(0);
  });

  it('answers a CpiError with its type, message and ok_to_retry, and logs the cause chain', async () => {
    const failure = new CpiError('Bosh::Clouds::VMNotFound', "VM 'vm-9' not found", { isOkToRetry: true });
    const { cpi } = fakeCpi({}, failure);
    const log = new MemoryCpiLog(() => 0);
    log.write('looking for vm-9');
    const reply = await respond(cpi, request('reboot_vm', ['vm-9']), log);
    expect(reply).toEqual({
      result: null,
      error: { type: 'Bosh::Clouds::VMNotFound', message: "VM 'vm-9' not found", ok_to_retry: true },
      log: `1970-01-01T00:00:00.000Z looking for vm-9\n1970-01-01T00:00:00.000Z error: VM 'vm-9' not found\n`,
    });
  });

  it('answers any other error as a CloudError with its hint', async () => {
    const { cpi } = fakeCpi(
      {},
      new BosunError('CPI_STATE_INVALID', 'vm.json is invalid', { hint: 'delete it' }),
    );
    const reply = (await respond(cpi, request('has_vm', ['vm-1']))) as { error: unknown };
    expect(reply.error).toEqual({
      type: 'Bosh::Clouds::CloudError',
      message: 'vm.json is invalid (delete it)',
      ok_to_retry: false,
    });
  });
});
