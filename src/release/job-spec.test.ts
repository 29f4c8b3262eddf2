import { describe, expect, it } from 'vitest';
import { BosunError } from '../base/index.js';
import { loadYaml, RubySymbol } from '../yaml/index.js';
import { parseJobSpec, type ParseJobSpecOptions } from './job-spec.js';

const FILE = 'jobs/web/spec';

function parse(text: string, options?: ParseJobSpecOptions) {
  return parseJobSpec(loadYaml(text, FILE), FILE, options);
}

function errorOf(text: string, options?: ParseJobSpecOptions): BosunError {
  try {
    parse(text, options);
  } catch (e) {
    if (e instanceof BosunError) return e;
    throw e;
  }
  throw new Error('expected parseJobSpec to throw');
}

describe('parseJobSpec', () => {
  it('reads every field of §1.1, keeping spec order', () => {
    const spec = parse(`
name: web
description: Serves pages
templates:
  ctl.erb: bin/ctl
  config.yml.erb: config/config.yml
packages: [nginx, ruby]
properties:
  web.port:
    description: Port to listen on
    default: 8080
    example: 80
    type: port
  web.tls.cert: {}
  web.debug:
consumes:
- {name: db, type: postgres, optional: true}
- {name: cache, type: redis}
provides:
- {name: web, type: http, properties: [web.port]}
- {name: admin, type: http}
logs: {access: /var/vcap/sys/log/web/access.log}
`);
    expect(spec).toEqual({
      name: 'web',
      description: 'Serves pages',
      templates: [
        { source: 'ctl.erb', destination: 'bin/ctl' },
        { source: 'config.yml.erb', destination: 'config/config.yml' },
      ],
      packages: ['nginx', 'ruby'],
      properties: [
        { name: 'web.port', description: 'Port to listen on', default: 8080n, example: 80n, type: 'port' },
        { name: 'web.tls.cert', description: undefined, default: null, example: null, type: undefined },
        { name: 'web.debug', description: undefined, default: null, example: null, type: undefined },
      ],
      consumes: [
        { name: 'db', type: 'postgres', optional: true },
        { name: 'cache', type: 'redis', optional: false },
      ],
      provides: [
        { name: 'web', type: 'http', properties: ['web.port'] },
        { name: 'admin', type: 'http', properties: [] },
      ],
      logs: new Map([['access', '/var/vcap/sys/log/web/access.log']]),
    });
  });

  it('defaults absent sections to empty (§1.1) and keeps defaults as Ruby values', () => {
    const spec = parse('name: web\nproperties:\n  a: {default: {x: :sym, y: 1.0}}\n');
    expect(spec.templates).toEqual([]);
    expect(spec.packages).toEqual([]);
    expect(spec.consumes).toEqual([]);
    expect(spec.provides).toEqual([]);
    expect(spec.logs).toBeUndefined();
    expect(spec.properties[0]?.default).toEqual(
      new Map<unknown, unknown>([
        ['x', new RubySymbol('sym')],
        ['y', 1],
      ]),
    );
  });

  it.each([
    ['logs: false', '§1.2 check 7 only rejects a truthy non-Hash'],
    ['properties: false', '§1.2 check 8 only rejects a truthy non-Hash'],
    ['packages: false', '§1.2 check 11 only rejects a truthy non-Array'],
    ['provides: ~', '§1.2 check 9 skips nil'],
    ['consumes: [{name: db, type: pg, optional: false}]', '§1.2 check 10 allows optional on consumes'],
    ['name: web\nname: web', 'duplicate keys: the last wins'],
  ])('accepts %j (%s)', (extra) => {
    expect(parse(`name: web\n${extra}\n`).name).toBe('web');
  });

  it.each<[string, string, string, ParseJobSpecOptions?]>([
    ['§1.2 check 1: no name', 'templates: {}', 'Invalid job name in job spec: nil'],
    ['§1.2 check 1: VALID_ID', 'name: web server', 'Invalid job name in job spec: "web server"'],
    ['§1.2 check 1: not a String', 'name: 5', 'Invalid job name in job spec: 5'],
    [
      '§1.2 check 4 (verbatim "exptected" and missing space)',
      'name: other',
      "Inconsistent name for job 'web'(exptected: 'web', got: 'other')",
      { expectedName: 'web' },
    ],
    [
      '§1.2 check 4 with no name',
      'description: x',
      "Inconsistent name for job 'web'(exptected: 'web', got: '')",
      { expectedName: 'web' },
    ],
    [
      'create-env: absolute source',
      'name: web\ntemplates: {/etc/passwd: x}',
      "Invalid template source '/etc/passwd': must be a safe local path",
    ],
    [
      'create-env: .. in source',
      'name: web\ntemplates: {../../x.erb: x}',
      "Invalid template source '../../x.erb': must be a safe local path",
    ],
    [
      'create-env: .. in destination',
      'name: web\ntemplates: {a.erb: bin/../../../etc/x}',
      "Invalid template destination 'bin/../../../etc/x': must be a safe local path",
    ],
    [
      'create-env: absolute destination',
      'name: web\ntemplates: {a.erb: /etc/x}',
      "Invalid template destination '/etc/x': must be a safe local path",
    ],
    ['§1.2 check 7', 'name: web\nlogs: [a]', "Job 'web' has invalid logs spec format"],
    ['§1.2 check 8', 'name: web\nproperties: [a]', "Job 'web' has invalid properties spec format"],
    [
      '§1.2 check 9: not an Array',
      'name: web\nprovides: {name: a, type: b}',
      "Job 'web' has invalid spec format: 'provides' must be an array of hashes with name and type",
    ],
    [
      '§1.2 check 9: false is not nil',
      'name: web\nprovides: false',
      "Job 'web' has invalid spec format: 'provides' must be an array of hashes with name and type",
    ],
    [
      '§1.2 check 9: item not a Hash',
      'name: web\nprovides: [a]',
      'Provides section in the release spec must be a list of hashes',
    ],
    [
      '§1.2 check 9: no type',
      'name: web\nprovides: [{name: a}]',
      "Each provides item in the provides section of the release spec must contain 'name' and 'type'",
    ],
    [
      '§1.2 check 9: optional',
      'name: web\nprovides: [{name: a, type: b, optional: true}]',
      "Link 'a' of type 'b' is a provides link, not allowed to have 'optional' key",
    ],
    [
      '§1.2 check 9: duplicate',
      'name: web\nprovides: [{name: a, type: b}, {name: a, type: c}]',
      "Job 'web' specifies duplicate provides link with name 'a'",
    ],
    [
      '§1.2 check 10: not an Array',
      'name: web\nconsumes: db',
      "Job 'web' has invalid spec format: 'consumes' must be an array of hashes with name and type",
    ],
    [
      '§1.2 check 10: item not a Hash',
      'name: web\nconsumes: [[db]]',
      'Consumes section in the release spec must be a list of hashes',
    ],
    [
      '§1.2 check 10: no name',
      'name: web\nconsumes: [{type: pg}]',
      "Each consumes item in the consumes section of the release spec must contain 'name' and 'type'",
    ],
    [
      '§1.2 check 10: duplicate',
      'name: web\nconsumes: [{name: db, type: pg}, {name: db, type: pg}]',
      "Job 'web' specifies duplicate consumes link with name 'db'",
    ],
    [
      '§1.2 check 11 (class-name quirk)',
      'name: web\npackages: nginx',
      "Job 'Bosh::Director::Models::Template' has invalid package spec format",
    ],
    ['§1.2 order: 7 before 8', 'name: web\nproperties: 1\nlogs: 1', "Job 'web' has invalid logs spec format"],
    [
      '§1.2 order: 9 before 10',
      'name: web\nconsumes: 1\nprovides: 1',
      "Job 'web' has invalid spec format: 'provides' must be an array of hashes with name and type",
    ],
    [
      '§1.2 order: 10 before 11',
      'name: web\npackages: 1\nconsumes: 1',
      "Job 'web' has invalid spec format: 'consumes' must be an array of hashes with name and type",
    ],
    [
      '§1.2 order: BOSH checks every item first',
      'name: web\nprovides: [{name: 5, type: b}, {name: c}]',
      "Each provides item in the provides section of the release spec must contain 'name' and 'type'",
    ],
    ['Bosun: spec not a Hash', '- name: web', 'Invalid job spec: expected a hash, got Array'],
    [
      'Bosun: templates not a Hash',
      'name: web\ntemplates: [a.erb]',
      "Job 'web' has invalid spec format: 'templates' must be a hash",
    ],
    [
      'Bosun: property definition',
      'name: web\nproperties: {a: [1]}',
      "Job 'web' has invalid definition for property 'a': expected a hash, got Array",
    ],
    [
      'Bosun: optional',
      'name: web\nconsumes: [{name: db, type: pg, optional: sometimes}]',
      "Link 'db' of type 'pg' has invalid 'optional' value \"sometimes\"",
    ],
    [
      'Bosun: package names',
      'name: web\npackages: [nginx, [x]]',
      `Job 'web' has invalid packages ["nginx", ["x"]]: expected a list of names`,
    ],
  ])("rejects (%s) with BOSH's words, prefixed by the file", (_rule, text, message, options) => {
    const error = errorOf(text, options);
    expect(error.code).toBe('JOB_SPEC_INVALID');
    expect(error.message).toBe(`${FILE}: ${message}`);
    expect(error.hint).toBeTruthy();
  });

  it('names the real job in the hint of the class-name quirk (§1.2 check 11)', () => {
    expect(errorOf('name: web\npackages: {nginx: 1}').hint).toContain("Job 'web'");
  });
});
