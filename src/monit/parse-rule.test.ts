import { describe, expect, it } from 'vitest';
import type { MonitAction, MonitRule } from './model.js';
import { parseMonitFile } from './parse-monit-file.js';

/** The rules of a one-process file whose body is `rules`. */
function rulesOf(rules: string): readonly MonitRule[] {
  const file = parseMonitFile(
    `check process web with pidfile /var/vcap/sys/run/web.pid\n${rules}\n  group vcap\n`,
    {
      jobName: 'web',
    },
  );
  return file.processes[0]?.rules ?? [];
}

const exec = (command: string, uid?: string, gid?: string): MonitAction => ({
  kind: 'exec',
  command: { line: 2, command, argv: command.split(' '), uid, gid },
});

describe('parseMonitFile rules (reference §3.1): if <condition> then <action>', () => {
  it.each<[string, string, Partial<MonitRule>]>([
    [
      'a health check with a timeout and a rate',
      'if failed port 80 protocol http request "/health" with timeout 5 seconds for 3 cycles then restart',
      {
        condition: 'failed port 80 protocol http request "/health" with timeout 5 seconds for 3 cycles',
        rate: { count: 3, cycles: 3 },
        action: { kind: 'restart' },
      },
    ],
    [
      'a memory limit',
      'if totalmem > 3000 Mb for 5 cycles then alert',
      {
        condition: 'totalmem > 3000 Mb for 5 cycles',
        rate: { count: 5, cycles: 5 },
        action: { kind: 'alert' },
      },
    ],
    [
      'X times within Y cycles',
      'if cpu > 80% for 2 times within 3 cycles then stop',
      { rate: { count: 2, cycles: 3 }, action: { kind: 'stop' } },
    ],
    [
      'a port number before X times within Y cycles',
      'if failed port 8080 2 times within 3 cycles then restart',
      { rate: { count: 2, cycles: 3 } },
    ],
    [
      "a number taken by the test ('> 250'), then a rate",
      'if children > 250 for 3 cycles then restart',
      { condition: 'children > 250 for 3 cycles', rate: { count: 3, cycles: 3 } },
    ],
    [
      'no rate',
      'if totalmem > 2 GB then stop',
      { condition: 'totalmem > 2 GB', rate: undefined, restartLimit: undefined, recovery: undefined },
    ],
    [
      'a restart limit with timeout (monit unmonitors)',
      'if 3 restarts within 5 cycles then timeout',
      {
        condition: '3 restarts within 5 cycles',
        restartLimit: { restarts: 3, cycles: 5 },
        rate: undefined,
        action: { kind: 'unmonitor' },
      },
    ],
    [
      'a restart limit with exec (routing-release healthchecker)',
      'if 1 restarts within 1 cycles then exec "/var/vcap/packages/healthchecker/bin/restart-monit-job gorouter"',
      {
        restartLimit: { restarts: 1, cycles: 1 },
        action: exec('/var/vcap/packages/healthchecker/bin/restart-monit-job gorouter'),
      },
    ],
    [
      'exec as a user',
      'if totalmem > 2 GB then exec "/var/vcap/jobs/web/bin/restart_drain now" as uid vcap and gid vcap',
      { action: exec('/var/vcap/jobs/web/bin/restart_drain now', 'vcap', 'vcap') },
    ],
    [
      'a recovery action',
      'if failed port 80 then alert else if succeeded for 2 cycles then exec "/bin/notify ok"',
      {
        condition: 'failed port 80',
        action: { kind: 'alert' },
        recovery: {
          line: 2,
          condition: 'succeeded for 2 cycles',
          rate: { count: 2, cycles: 2 },
          action: exec('/bin/notify ok'),
        },
      },
    ],
    [
      'noise words kept in the condition text',
      'if does not exist then start',
      { condition: 'does not exist', action: { kind: 'start' } },
    ],
    [
      'unmonitor',
      'if changed pid then unmonitor',
      { condition: 'changed pid', action: { kind: 'unmonitor' } },
    ],
  ])('parses %s', (_name, rule, expected) => {
    const [parsed, ...rest] = rulesOf(`  ${rule}`);
    expect(rest).toEqual([]);
    expect(parsed).toMatchObject({ line: 2, ...expected });
  });

  it('parses a condition over several lines (diego rep) with comments removed', () => {
    const [rule] = rulesOf(`  if failed
    host 10.0.0.5     # the rep
    port 1800
    protocol http
    request "/health"
    with timeout 60 seconds for 5 cycles
  then alert`);
    expect(rule).toEqual({
      line: 2,
      condition:
        'failed host 10.0.0.5 port 1800 protocol http request "/health" with timeout 60 seconds for 5 cycles',
      rate: { count: 5, cycles: 5 },
      restartLimit: undefined,
      action: { kind: 'alert' },
      recovery: undefined,
    });
  });

  it("reads a single-quoted request path (capi's request '/v2/info')", () => {
    const [rule] = rulesOf(`  if failed host 10.0.0.1 port 9022 protocol http
      and request '/v2/info'
      with timeout 60 seconds for 5 cycles
  then restart`);
    expect(rule?.condition).toBe(
      "failed host 10.0.0.1 port 9022 protocol http and request '/v2/info' with timeout 60 seconds for 5 cycles",
    );
  });

  it('keeps several rules in order with their lines', () => {
    const rules = rulesOf(`  if totalmem > 100 Mb then alert
  if failed unixsocket /var/vcap/data/garden/garden.sock with timeout 5 seconds for 5 cycles then restart
  if 5 restarts within 5 cycles then timeout`);
    expect(rules.map((r) => [r.line, r.action.kind, r.rate, r.restartLimit])).toEqual([
      [2, 'alert', undefined, undefined],
      [3, 'restart', { count: 5, cycles: 5 }, undefined],
      [4, 'unmonitor', undefined, { restarts: 5, cycles: 5 }],
    ]);
  });
});
