import { describe, expect, it } from 'vitest';
import type { MonitFile, MonitProcess, MonitProgram } from './model.js';
import { parseMonitFile } from './parse-monit-file.js';

function parse(text: string): MonitFile {
  return parseMonitFile(text, { jobName: 'web' });
}

function onlyProcess(text: string): MonitProcess {
  const file = parse(text);
  expect(file.processes).toHaveLength(1);
  return file.processes[0] as MonitProcess;
}

function program(
  line: number,
  command: string,
  timeoutSeconds = 30,
  extra: Partial<MonitProgram> = {},
): MonitProgram {
  const argv = command.split(/\s+/).filter((w) => w !== '');
  return { line, command, argv, uid: undefined, gid: undefined, timeoutSeconds, ...extra };
}

const COMMON = {
  restart: undefined,
  dependsOn: [],
  mode: 'active',
  every: undefined,
  rules: [],
  otherStatements: [],
} as const;

describe('parseMonitFile (reference §3.1): files BOSH jobs ship', () => {
  it('parses the postgres example of the BOSH docs', () => {
    const file = parse(`check process postgres
  with pidfile /var/vcap/sys/run/postgres/pid
  start program "/var/vcap/jobs/postgres/bin/ctl start"
  stop program "/var/vcap/jobs/postgres/bin/ctl stop"
`);
    expect(file).toEqual({
      services: file.processes,
      processes: [
        {
          ...COMMON,
          type: 'process',
          name: 'postgres',
          line: 1,
          pidfile: '/var/vcap/sys/run/postgres/pid',
          matching: undefined,
          start: program(3, '/var/vcap/jobs/postgres/bin/ctl start'),
          stop: program(4, '/var/vcap/jobs/postgres/bin/ctl stop'),
          groups: [],
        },
      ],
      settings: [],
      includes: [],
    });
  });

  it('parses a bpm job with an extra process (-p) and a timeout on its own line', () => {
    const file = parse(`check process gorouter
  with pidfile /var/vcap/sys/run/bpm/gorouter/gorouter.pid
  start program "/var/vcap/jobs/bpm/bin/bpm start gorouter"
    with timeout 60 seconds
  stop program "/var/vcap/jobs/bpm/bin/bpm stop gorouter"
  group vcap

check process gorouter-healthchecker
  with pidfile /var/vcap/sys/run/bpm/gorouter/gorouter-healthchecker.pid
  start program "/var/vcap/jobs/bpm/bin/bpm start gorouter -p gorouter-healthchecker"
  stop program "/var/vcap/jobs/bpm/bin/bpm stop gorouter -p gorouter-healthchecker"
  depends on gorouter
  group vcap
`);
    expect(file.processes).toEqual([
      {
        ...COMMON,
        type: 'process',
        name: 'gorouter',
        line: 1,
        pidfile: '/var/vcap/sys/run/bpm/gorouter/gorouter.pid',
        matching: undefined,
        start: program(3, '/var/vcap/jobs/bpm/bin/bpm start gorouter', 60),
        stop: program(5, '/var/vcap/jobs/bpm/bin/bpm stop gorouter'),
        groups: ['vcap'],
      },
      {
        ...COMMON,
        type: 'process',
        name: 'gorouter-healthchecker',
        line: 8,
        pidfile: '/var/vcap/sys/run/bpm/gorouter/gorouter-healthchecker.pid',
        matching: undefined,
        start: program(10, '/var/vcap/jobs/bpm/bin/bpm start gorouter -p gorouter-healthchecker'),
        stop: program(11, '/var/vcap/jobs/bpm/bin/bpm stop gorouter -p gorouter-healthchecker'),
        groups: ['vcap'],
        dependsOn: ['gorouter'],
      },
    ]);
  });

  it("parses a director-like job: many processes, 'depends on' inside the file and on other jobs", () => {
    const workers = [1, 2, 3]
      .map(
        (i) => `check process worker_${i}
  with pidfile /var/vcap/sys/run/director/worker_${i}.pid
  start program "/var/vcap/jobs/director/bin/worker_ctl start ${i}"
  stop program "/var/vcap/jobs/director/bin/worker_ctl stop ${i}"
  group vcap
  depends on director
`,
      )
      .join('');
    const file = parse(`check process director
  with pidfile /var/vcap/sys/run/director/director.pid
  start program "/var/vcap/jobs/director/bin/director_ctl start" with timeout 75 seconds
  stop program "/var/vcap/jobs/director/bin/director_ctl stop"
  group vcap
  depends on postgres,nats
${workers}check process director_nginx
  with pidfile /var/vcap/sys/run/director/nginx.pid
  start program "/var/vcap/jobs/director/bin/nginx_ctl start" with timeout 75 seconds
  stop program "/var/vcap/jobs/director/bin/nginx_ctl stop"
  group vcap
`);
    expect(file.processes.map((p) => [p.name, p.line, p.dependsOn, p.start?.timeoutSeconds])).toEqual([
      ['director', 1, ['postgres', 'nats'], 75],
      ['worker_1', 7, ['director'], 30],
      ['worker_2', 13, ['director'], 30],
      ['worker_3', 19, ['director'], 30],
      ['director_nginx', 25, [], 75],
    ]);
    expect(file.processes[2]?.start?.argv).toEqual(['/var/vcap/jobs/director/bin/worker_ctl', 'start', '2']);
  });

  it("parses 'as uid vcap and gid vcap timeout N seconds' (postgres-release)", () => {
    const process = onlyProcess(`check process postgres
  with pidfile /var/vcap/sys/run/postgres/postgres.pid
  start program "/var/vcap/jobs/postgres/bin/postgres_ctl start"
    as uid vcap and gid vcap timeout 120 seconds
  stop program "/var/vcap/jobs/postgres/bin/postgres_ctl stop" as uid 1000
  group vcap
`);
    expect(process.start).toEqual(
      program(3, '/var/vcap/jobs/postgres/bin/postgres_ctl start', 120, { uid: 'vcap', gid: 'vcap' }),
    );
    expect(process.stop).toEqual(
      program(5, '/var/vcap/jobs/postgres/bin/postgres_ctl stop', 30, { uid: '1000' }),
    );
  });

  it("splits a garden-style 'sh -c' command the way monit does (no shell; '...' is one argument)", () => {
    const process = onlyProcess(`check process garden
  with pidfile /var/vcap/sys/run/garden/garden.pid
  start program "/bin/sh -c '/var/vcap/jobs/garden/bin/share_mount && /usr/bin/unshare -m ctl start'"
  stop program = "/var/vcap/jobs/garden/bin/garden_ctl stop"
  group vcap
`);
    expect(process.start?.command).toBe(
      "/bin/sh -c '/var/vcap/jobs/garden/bin/share_mount && /usr/bin/unshare -m ctl start'",
    );
    expect(process.start?.argv).toEqual([
      '/bin/sh',
      '-c',
      '/var/vcap/jobs/garden/bin/share_mount && /usr/bin/unshare -m ctl start',
    ]);
    expect(process.stop?.argv).toEqual(['/var/vcap/jobs/garden/bin/garden_ctl', 'stop']);
  });

  it('keeps the text between the quotes exactly, doubled spaces and newlines included', () => {
    const process = onlyProcess(`check process hc with pidfile /x.pid
  start program "/bin/restart-monit-job gorouter  /var/vcap/data/counter
      --verbose"`);
    expect(process.start?.command).toBe(
      '/bin/restart-monit-job gorouter  /var/vcap/data/counter\n      --verbose',
    );
    expect(process.start?.argv).toEqual([
      '/bin/restart-monit-job',
      'gorouter',
      '/var/vcap/data/counter',
      '--verbose',
    ]);
  });

  it("parses 'matching' instead of a pidfile", () => {
    const process = onlyProcess(`check process consul matching "consul agent.*-config-dir"
  start program "/var/vcap/jobs/consul/bin/ctl start"
  group vcap`);
    expect(process).toMatchObject({
      pidfile: undefined,
      matching: 'consul agent.*-config-dir',
      groups: ['vcap'],
    });
  });

  it("reads 'check process <n> path <pidfile>' as a pidfile, as monit does", () => {
    expect(onlyProcess('check process web path /var/vcap/sys/run/web.pid').pidfile).toBe(
      '/var/vcap/sys/run/web.pid',
    );
  });
});

describe('parseMonitFile (reference §3.1): layout', () => {
  const LF = `# web job
check process web   # the web server
  with pidfile /var/vcap/sys/run/web/web.pid

  start program "/var/vcap/jobs/web/bin/ctl start #1"   # '#' inside quotes is kept
  stop program "/var/vcap/jobs/web/bin/ctl stop"
  group vcap
# trailing comment without a newline`;

  it('skips comments and blank lines but keeps # inside quoted strings', () => {
    const process = onlyProcess(LF);
    expect(process.start?.argv).toEqual(['/var/vcap/jobs/web/bin/ctl', 'start', '#1']);
    expect([process.line, process.start?.line, process.stop?.line]).toEqual([2, 5, 6]);
  });

  it('reads CRLF files like LF files, with the same line numbers', () => {
    expect(parse(LF.replace(/\n/g, '\r\n'))).toEqual(parse(LF));
  });

  it('reads statements that continue on later lines, and a whole stanza on one line', () => {
    const spread = parse(`check process web with pidfile
      /var/vcap/sys/run/web.pid
  start program "/var/vcap/jobs/web/bin/ctl start" \\
      with
      timeout
      45 seconds
  depends on a,
     b, c
  group vcap
check process a with pidfile /a.pid start program "/a" stop program "/a stop" group vcap mode passive
check process b with pidfile /b.pid
check process c with pidfile /c.pid`);
    expect(spread.processes[0]).toMatchObject({
      pidfile: '/var/vcap/sys/run/web.pid',
      start: { timeoutSeconds: 45, line: 3 },
      dependsOn: ['a', 'b', 'c'],
    });
    expect(spread.processes[1]).toMatchObject({
      name: 'a',
      line: 10,
      start: { argv: ['/a'] },
      stop: { argv: ['/a', 'stop'] },
      groups: ['vcap'],
      mode: 'passive',
    });
  });

  it.each([
    ['an empty file', ''],
    ['only blank lines', '\n\n  \n'],
    ['only comments', '# no processes\n   # here\n'],
    ['a rendered template whose conditionals produced nothing', '\n\n# <% if false %>\n\n'],
  ])('declares no processes for %s (§3.1)', (_name, text) => {
    expect(parse(text)).toEqual({ services: [], processes: [], settings: [], includes: [] });
  });

  it('reads keywords in any case', () => {
    const process = onlyProcess(
      'CHECK PROCESS Web WITH PIDFILE /x.pid START PROGRAM "/a" Group vcap MODE Manual',
    );
    expect(process).toMatchObject({ name: 'Web', start: { argv: ['/a'] }, groups: ['vcap'], mode: 'manual' });
  });
});

describe('parseMonitFile (reference §3.1): other statements', () => {
  it('parses restart programs, repeated groups, every and mode', () => {
    const process = onlyProcess(`check process web with pidfile /x.pid
  start program "/bin/web start"
  restart program "/bin/web restart" with timeout 10 seconds
  group vcap
  group web
  group VCAP
  every 2 cycles
  mode passive`);
    expect(process).toMatchObject({
      restart: program(3, '/bin/web restart', 10),
      groups: ['vcap', 'web'],
      every: { kind: 'cycles', cycles: 2 },
      mode: 'passive',
    });
  });

  it('parses cron every clauses', () => {
    expect(onlyProcess('check process a with pidfile /a every "* 8-19 * * 1-5"').every).toEqual({
      kind: 'cron',
      spec: '* 8-19 * * 1-5',
    });
    expect(onlyProcess("check process a with pidfile /a not every '0 0-3 * * *'").every).toEqual({
      kind: 'not-cron',
      spec: '0 0-3 * * *',
    });
  });

  it('keeps alert statements as text', () => {
    const process = onlyProcess(`check process a with pidfile /a
  alert ops@example.com not { instance, pid } with mail-format { subject: $SERVICE down } with reminder 3 cycles
  noalert dev@example.com`);
    expect(process.otherStatements).toEqual([
      {
        line: 2,
        text: 'alert ops@example.com not { instance, pid } with mail-format { subject: $SERVICE down } with reminder 3 cycles',
      },
      { line: 3, text: 'noalert dev@example.com' },
    ]);
  });

  it("keeps a single-quoted command as one argument, as monit 5.2.5 does ('start program' without a double quote)", () => {
    const process = onlyProcess(`check process a with pidfile /a
  start program '/var/vcap/jobs/a/bin/ctl start'
  stop program '/var/vcap/jobs/a/bin/stop'`);
    expect(process.start).toMatchObject({
      command: '/var/vcap/jobs/a/bin/ctl start',
      argv: ['/var/vcap/jobs/a/bin/ctl start'],
    });
    expect(process.stop?.argv).toEqual(['/var/vcap/jobs/a/bin/stop']);
  });

  it('reads global set statements and includes', () => {
    const file = parse(`set daemon 10
set logfile /var/vcap/monit/monit.log
set httpd port 2822 and use address 127.0.0.1
  allow cleartext /var/vcap/monit/monit.user
include /var/vcap/monit/job/*.monitrc
check process a with pidfile /a`);
    expect(file.settings).toEqual([
      { line: 1, name: 'daemon', text: 'set daemon 10' },
      { line: 2, name: 'logfile', text: 'set logfile /var/vcap/monit/monit.log' },
      {
        line: 3,
        name: 'httpd',
        text: 'set httpd port 2822 and use address 127.0.0.1 allow cleartext /var/vcap/monit/monit.user',
      },
    ]);
    expect(file.includes).toEqual([{ line: 5, pattern: '/var/vcap/monit/job/*.monitrc' }]);
    expect(file.processes.map((p) => p.name)).toEqual(['a']);
  });

  it('keeps the other check types with their targets and statements', () => {
    const file = parse(`check file web_config with path /var/vcap/jobs/web/config/web.yml
  if changed checksum then exec "/var/vcap/jobs/web/bin/reload"
  group vcap
check host upstream with address 10.0.0.5
  if failed port 443 type tcpssl then alert
check system localhost
  if loadavg (1min) > 4 then alert
check filesystem data with path /var/vcap/data
check device store with path /var/vcap/store
check directory logs with path /var/vcap/sys/log
check fifo pipe with path /var/vcap/data/pipe
check program probe with path /var/vcap/jobs/web/bin/probe
  if status != 0 then alert
check process web with pidfile /var/vcap/sys/run/web.pid
  depends on web_config`);
    expect(file.services.map((s) => [s.type, s.name, 'target' in s ? s.target : s.pidfile])).toEqual([
      ['file', 'web_config', '/var/vcap/jobs/web/config/web.yml'],
      ['host', 'upstream', '10.0.0.5'],
      ['system', 'localhost', undefined],
      ['filesystem', 'data', '/var/vcap/data'],
      ['filesystem', 'store', '/var/vcap/store'],
      ['directory', 'logs', '/var/vcap/sys/log'],
      ['fifo', 'pipe', '/var/vcap/data/pipe'],
      ['program', 'probe', '/var/vcap/jobs/web/bin/probe'],
      ['process', 'web', '/var/vcap/sys/run/web.pid'],
    ]);
    expect(file.processes.map((p) => p.name)).toEqual(['web']);
    expect(file.services[0]).toMatchObject({ groups: ['vcap'], rules: [{ condition: 'changed checksum' }] });
    expect(file.services[2]?.rules[0]?.condition).toBe('loadavg (1min) > 4');
  });

  it('reads quoted service and group names', () => {
    expect(onlyProcess(`check process "web" with pidfile /x group 'vcap'`)).toMatchObject({
      name: 'web',
      groups: ['vcap'],
    });
  });
});
