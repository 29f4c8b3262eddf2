import { describe, expect, it } from 'vitest';
import { BosunError } from '../base/index.js';
import { CpiError } from './cpi-error.js';
import { ExternalCpi, type CpiCallRecord } from './external-cpi.js';
import { FakeCommandRunner, type FakeAnswer } from './fake-command-runner.js';

function cpiAnswering(answer: FakeAnswer, properties: Record<string, unknown> = {}) {
  const runner = new FakeCommandRunner(() => answer);
  const records: CpiCallRecord[] = [];
  const cpi = new ExternalCpi({
    path: '/var/vcap/jobs/cpi/bin/cpi',
    directorUuid: 'director-1',
    properties,
    runner,
    debugLog: { record: (r) => records.push(r) },
    nextRequestId: () => 'cpi-123456',
  });
  return { cpi, runner, records };
}

const ok = (result: unknown, log = ''): FakeAnswer => ({
  stdout: JSON.stringify({ result, error: null, log }),
});
const failing = (type: string, message: string, okToRetry = false): FakeAnswer => ({
  stdout: JSON.stringify({ result: null, error: { type, message, ok_to_retry: okToRetry }, log: 'some log' }),
  exitCode: 1,
});

async function rejectionOf(p: Promise<unknown>): Promise<CpiError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof CpiError) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

describe('ExternalCpi', () => {
  it("writes BOSH's request to stdin and returns the result when the CPI succeeds", async () => {
    const { cpi, runner } = cpiAnswering(ok(['i-1', { default: { ip: '10.0.0.5' } }]), { region: 'z1' });
    const vm = await cpi.createVm(
      {
        agentId: 'a-1',
        stemcellCid: 'sc-1',
        cloudProperties: {},
        networks: { default: { type: 'manual', ip: '10.0.0.5' } },
        diskCids: [],
        env: {},
      },
      { stemcellApiVersion: 3 },
    );
    expect(vm).toEqual({ vmCid: 'i-1', networks: { default: { ip: '10.0.0.5' } } });
    const request = runner.requests[0];
    expect(request?.argv).toEqual(['/var/vcap/jobs/cpi/bin/cpi']);
    expect(request?.env).toEqual({ PATH: '/usr/sbin:/usr/bin:/sbin:/bin' });
    expect(JSON.parse(request?.stdin ?? '')).toEqual({
      method: 'create_vm',
      arguments: ['a-1', 'sc-1', {}, { default: { type: 'manual', ip: '10.0.0.5' } }, [], {}],
      context: {
        director_uuid: 'director-1',
        request_id: 'cpi-123456',
        vm: { stemcell: { api_version: 3 } },
        region: 'z1',
      },
      api_version: 2,
    });
  });

  it('accepts a v1 create_vm result (the CID alone) with the networks as requested', async () => {
    const { cpi } = cpiAnswering(ok('i-2'));
    const networks = { default: { type: 'dynamic' as const } };
    expect(
      await cpi.createVm({
        agentId: 'a',
        stemcellCid: 's',
        cloudProperties: {},
        networks,
        diskCids: [],
        env: {},
      }),
    ).toEqual({ vmCid: 'i-2', networks });
  });

  it.each([
    ['Bosh::Clouds::VMNotFound', 'VM i-1 not found', false],
    ['Bosh::Clouds::VMCreationFailed', 'quota exceeded', true],
  ])(
    'raises CPI_ERROR with type %s, message and ok_to_retry when the CPI answers an error',
    async (type, message, okToRetry) => {
      const { cpi } = cpiAnswering(failing(type, message, okToRetry));
      const e = await rejectionOf(cpi.deleteVm('i-1'));
      expect(e.code).toBe('CPI_ERROR');
      expect(e.cpiType).toBe(type);
      expect(e.isOkToRetry).toBe(okToRetry);
      expect(e.message).toBe(
        `CPI error '${type}' with message '${message}' in 'delete_vm' CPI method (CPI request ID: 'cpi-123456')`,
      );
    },
  );

  it("says the error is unknown when its type is not one of BOSH's", async () => {
    const { cpi } = cpiAnswering(failing('Custom::Boom', 'boom'));
    const e = await rejectionOf(cpi.hasVm('i-1'));
    expect(e.message).toBe(
      "Unknown CPI error 'Custom::Boom' with message 'boom' in 'has_vm' CPI method (CPI request ID: 'cpi-123456')",
    );
  });

  it.each([
    ['InvalidCall', "Method is not known, got 'resize_disk'"],
    ['Bosh::Clouds::CloudError', 'Invalid Method: resize_disk'],
  ])('maps %s for an unknown method to NotImplemented', async (type, message) => {
    const { cpi } = cpiAnswering(failing(type, message));
    expect((await rejectionOf(cpi.resizeDisk('d-1', 10))).cpiType).toBe('Bosh::Clouds::NotImplemented');
  });

  it('reports a response that is not JSON with the exit status and the end of stderr', async () => {
    const { cpi } = cpiAnswering({
      stdout: 'panic: nil map\n',
      stderr: 'line 1\ngoroutine 1 [running]',
      exitCode: 2,
    });
    const e = await rejectionOf(cpi.info());
    expect(e.cpiType).toBe('Bosh::Clouds::CpiError');
    expect(e.message).toMatch(
      /^Invalid CPI response - ParserError - Unexpected token 'p', "panic: nil map " is not valid JSON in 'info' CPI method \(CPI request ID: 'cpi-123456'\); exit code 2; stderr:\nline 1\ngoroutine 1 \[running\]$/,
    );
  });

  it('reports a JSON response of the wrong shape', async () => {
    const { cpi } = cpiAnswering({ stdout: '{"result": 1, "error": {"type": "x"}, "log": ""}' });
    const e = await rejectionOf(cpi.info());
    expect(e.message).toMatch(
      /^Invalid CPI response - SchemaValidationError: error\.message: .*; exit code 0$/,
    );
  });

  it('ignores the exit code when the response is valid', async () => {
    const { cpi } = cpiAnswering({ ...ok(true), exitCode: 3 });
    expect(await cpi.hasDisk('d-1')).toBe(true);
  });

  it("wraps a process that cannot start in BOSH's words", async () => {
    const { cpi } = cpiAnswering(new BosunError('COMMAND_NOT_STARTED', "Cannot run '/x': spawn /x EACCES"));
    const e = await rejectionOf(cpi.info());
    expect(e.message).toBe(
      "Failed to run cpi: '/var/vcap/jobs/cpi/bin/cpi' is not executable (Cannot run '/x': spawn /x EACCES)",
    );
  });

  it('passes cancellation to the runner and reports it', async () => {
    const { cpi, runner } = cpiAnswering(new BosunError('COMMAND_ABORTED', "'/x' was cancelled"));
    const controller = new AbortController();
    const e = await rejectionOf(cpi.rebootVm('i-1', { signal: controller.signal }));
    expect(runner.requests[0]?.signal).toBe(controller.signal);
    expect(e.message).toBe("CPI 'reboot_vm' call failed (CPI request ID: 'cpi-123456'): '/x' was cancelled");
  });

  it('records stderr and the response log with the request redacted as BOSH redacts it', async () => {
    const { cpi, records } = cpiAnswering(
      { ...ok(['i-1', {}], 'created i-1'), stderr: 'debug: hi' },
      { secret_key: 's3cret' },
    );
    const env = { bosh: { group: 'g', password: 'p' }, bosun: { agent_config: { credentials: 'c' } } };
    await cpi.createVm({
      agentId: 'a',
      stemcellCid: 's',
      cloudProperties: { key: 'k' },
      networks: { n: { cloud_properties: { subnet: 'x' } } },
      diskCids: [],
      env,
    });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      method: 'create_vm',
      requestId: 'cpi-123456',
      stderr: 'debug: hi',
      log: 'created i-1',
      exitCode: 0,
    });
    const logged = JSON.parse(records[0]?.redactedRequest ?? '') as {
      arguments: unknown[];
      context: Record<string, unknown>;
    };
    expect(logged.arguments.slice(2)).toEqual([
      { key: '<redacted>' },
      { n: { cloud_properties: { subnet: '<redacted>' } } },
      [],
      { bosh: { group: 'g', password: '<redacted>' }, bosun: '<redacted>' },
    ]);
    expect(logged.context['secret_key']).toBe('<redacted>');
  });
});
