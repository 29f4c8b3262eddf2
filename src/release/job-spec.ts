/**
 * The release job spec (`jobs/<name>/spec`, packaged as `job.MF`), reference §1.1, validated
 * as the Director validates it on release upload (§1.2), in the same order and with BOSH's
 * messages. Checks BOSH does not make (it would crash instead) come after BOSH's, with
 * Bosun's own words. Pure: the files a spec names are checked by `readJobDir`.
 */
import { BosunError } from '../base/index.js';
import {
  inspectRubyValue,
  isRubyHash,
  rubyClassName,
  rubyFloatToS,
  RubySymbol,
  type RubyHash,
  type RubyValue,
} from '../yaml/index.js';

/** BOSH's `Models::VALID_ID`: what a job (or package, release) name may contain. */
export const VALID_ID = /^[-0-9A-Za-z_+.]+$/;

/** A job spec as Bosun uses it. Collections keep the order of the spec file. */
export interface JobSpec {
  name: string;
  description: string | undefined;
  /** `templates` entries: ERB source under `templates/` → destination under `/var/vcap/jobs/<job>/`. */
  templates: ReadonlyArray<{ source: string; destination: string }>;
  packages: readonly string[];
  properties: ReadonlyArray<PropertyDefinition>;
  consumes: ReadonlyArray<{ name: string; type: string; optional: boolean }>;
  provides: ReadonlyArray<{ name: string; type: string; properties: readonly string[] }>;
  /** The legacy `logs` Hash, as written; undefined when absent. */
  logs: RubyHash | undefined;
}

/** One entry of the spec's `properties`: a dotted name and its definition. */
export interface PropertyDefinition {
  name: string;
  description: string | undefined;
  /** `nil` (null) when the spec gives no default. */
  default: RubyValue;
  /** Informational; `nil` when absent. */
  example: RubyValue;
  /** Informational (e.g. `certificate`). */
  type: string | undefined;
}

export interface ParseJobSpecOptions {
  /** The job's name in the release manifest; when given, the spec's `name` must equal it (§1.2 check 4). */
  expectedName?: string;
}

/** The error code of every job spec problem. */
export const JOB_SPEC_INVALID = 'JOB_SPEC_INVALID';

/**
 * Validates a loaded spec (see `loadYaml`) and returns it typed. `file` is the path shown at
 * the start of every message. Throws BosunError `JOB_SPEC_INVALID` at the first problem,
 * in BOSH's order: name (§1.2 checks 1/4), templates, logs (7), properties (8), provides (9),
 * consumes (10), packages (11), then the shapes BOSH leaves unchecked.
 */
export function parseJobSpec(value: RubyValue, file: string, options: ParseJobSpecOptions = {}): JobSpec {
  const spec = requireSpecHash(value, file);
  const name = readJobSpecName(spec, file, options.expectedName);
  const templates = readJobSpecTemplates(spec, file, name);
  const fail: Fail = failer(file);
  const logs = spec.get('logs');
  if (isTruthy(logs) && !isRubyHash(logs)) {
    fail(`Job '${name}' has invalid logs spec format`, "Write 'logs' as a hash, or remove it.");
  }
  const properties = spec.get('properties');
  if (isTruthy(properties) && !isRubyHash(properties)) {
    fail(
      `Job '${name}' has invalid properties spec format`,
      "Write 'properties' as a hash of dotted property names to definitions (description, default, example, type).",
    );
  }
  checkLinks(spec.get('provides'), 'provides', name, fail);
  checkLinks(spec.get('consumes'), 'consumes', name, fail);
  const packages = spec.get('packages');
  if (isTruthy(packages) && !Array.isArray(packages)) {
    // BOSH interpolates the model class's name here, not the job's (models/template.rb).
    fail(
      "Job 'Bosh::Director::Models::Template' has invalid package spec format",
      `Job '${name}': write 'packages' as a list of package names.`,
    );
  }
  return {
    name,
    description: optionalText(spec.get('description')),
    templates,
    packages: toPackages(packages, name, fail),
    properties: toProperties(isRubyHash(properties) ? properties : undefined, name, fail),
    consumes: toLinks(spec.get('consumes'), 'consumes', name, fail).map(({ link, item }) => ({
      ...link,
      optional: toOptional(item.get('optional'), link, fail),
    })),
    provides: toLinks(spec.get('provides'), 'provides', name, fail).map(({ link, item }) => ({
      ...link,
      properties: toNames(item.get('properties'), `provides link '${link.name}' properties`, name, fail),
    })),
    logs: isRubyHash(logs) ? logs : undefined,
  };
}

/** The spec as a Hash; anything else is not a job spec. */
export function requireSpecHash(value: RubyValue, file: string): RubyHash {
  if (isRubyHash(value)) return value;
  return failer(file)(
    `Invalid job spec: expected a hash, got ${rubyClassName(value)}`,
    "A job spec is a YAML hash with at least 'name'; see reference §1.1.",
  );
}

/** §1.2 check 4 when the release manifest's name is known, else the `VALID_ID` check of check 1. */
export function readJobSpecName(spec: RubyHash, file: string, expectedName?: string): string {
  const fail: Fail = failer(file);
  const raw = spec.get('name') ?? null;
  if (expectedName !== undefined && raw !== expectedName) {
    fail(
      `Inconsistent name for job '${expectedName}'(exptected: '${expectedName}', got: '${rubyToS(raw)}')`,
      `Make 'name' in ${file} match the job's name in the release manifest ('${expectedName}').`,
    );
  }
  if (typeof raw !== 'string' || !VALID_ID.test(raw)) {
    fail(
      `Invalid job name in job spec: ${inspectRubyValue(raw)}`,
      "Set 'name' to the job's name, using only letters, digits, '-', '_', '+' and '.'.",
    );
  }
  return raw;
}

/** `templates` as source → destination pairs, both safe relative paths (create-env's check). */
export function readJobSpecTemplates(spec: RubyHash, file: string, name: string): JobSpec['templates'] {
  const fail: Fail = failer(file);
  const raw = spec.get('templates');
  if (!isTruthy(raw)) return [];
  const shapeHint = `Write 'templates' as a hash of template files (under templates/) to destinations (under /var/vcap/jobs/${name}/).`;
  if (!isRubyHash(raw)) fail(`Job '${name}' has invalid spec format: 'templates' must be a hash`, shapeHint);
  const templates: Array<{ source: string; destination: string }> = [];
  for (const [source, destination] of raw) {
    if (typeof source !== 'string' || typeof destination !== 'string') {
      fail(
        `Job '${name}' has invalid template ${inspectRubyValue(source)} => ${inspectRubyValue(destination)}: source and destination must be paths`,
        shapeHint,
      );
    }
    const pathHint = "Template paths are relative: no leading '/' and no '..'.";
    if (!isSafeLocalPath(source))
      fail(`Invalid template source '${source}': must be a safe local path`, pathHint);
    if (!isSafeLocalPath(destination)) {
      fail(`Invalid template destination '${destination}': must be a safe local path`, pathHint);
    }
    templates.push({ source, destination });
  }
  return templates;
}

type Fail = (message: string, hint: string) => never;

function failer(file: string): Fail {
  return (message, hint) => {
    throw new BosunError(JOB_SPEC_INVALID, `${file}: ${message}`, { hint });
  };
}

/** §1.2 checks 9 and 10, in BOSH's order, over every item before anything else. */
function checkLinks(
  raw: RubyValue | undefined,
  section: 'provides' | 'consumes',
  job: string,
  fail: Fail,
): void {
  if (raw === undefined || raw === null) return;
  const hint = `Write '${section}' as a list of hashes, each with 'name' and 'type'.`;
  if (!Array.isArray(raw)) {
    fail(
      `Job '${job}' has invalid spec format: '${section}' must be an array of hashes with name and type`,
      hint,
    );
  }
  const title = section === 'provides' ? 'Provides' : 'Consumes';
  const seen = new Set<string>();
  for (const item of raw) {
    if (!isRubyHash(item)) fail(`${title} section in the release spec must be a list of hashes`, hint);
    if (!item.has('type') || !item.has('name')) {
      fail(
        `Each ${section} item in the ${section} section of the release spec must contain 'name' and 'type'`,
        hint,
      );
    }
    const link = rubyToS(item.get('name')!);
    if (section === 'provides' && item.has('optional')) {
      fail(
        `Link '${link}' of type '${rubyToS(item.get('type')!)}' is a provides link, not allowed to have 'optional' key`,
        `Remove 'optional' from provides link '${link}'; only consumed links can be optional.`,
      );
    }
    const key = inspectRubyValue(item.get('name')!);
    if (seen.has(key)) {
      fail(
        `Job '${job}' specifies duplicate ${section} link with name '${link}'`,
        `Give each ${section} link its own name.`,
      );
    }
    seen.add(key);
  }
}

function toLinks(raw: RubyValue | undefined, section: string, job: string, fail: Fail) {
  return (Array.isArray(raw) ? (raw as RubyHash[]) : []).map((item) => {
    const name = item.get('name');
    const type = item.get('type');
    if (typeof name !== 'string' || typeof type !== 'string') {
      fail(
        `Job '${job}' has invalid ${section} link ${inspectRubyValue(item)}: 'name' and 'type' must be strings`,
        `Write each ${section} link as {name: <link name>, type: <link type>}.`,
      );
    }
    return { link: { name, type }, item };
  });
}

function toOptional(raw: RubyValue | undefined, link: { name: string; type: string }, fail: Fail): boolean {
  if (raw === undefined || raw === null || typeof raw === 'boolean') return raw === true;
  return fail(
    `Link '${link.name}' of type '${link.type}' has invalid 'optional' value ${inspectRubyValue(raw)}`,
    "Write 'optional: true' or 'optional: false'.",
  );
}

function toPackages(raw: RubyValue | undefined, job: string, fail: Fail): string[] {
  return isTruthy(raw) ? toNames(raw, 'packages', job, fail) : [];
}

function toNames(raw: RubyValue | undefined, what: string, job: string, fail: Fail): string[] {
  if (raw === undefined || raw === null) return [];
  if (Array.isArray(raw) && raw.every((n) => typeof n === 'string')) return raw;
  return fail(
    `Job '${job}' has invalid ${what} ${inspectRubyValue(raw)}: expected a list of names`,
    `Write ${what} as a list of names.`,
  );
}

function toProperties(raw: RubyHash | undefined, job: string, fail: Fail): PropertyDefinition[] {
  return [...(raw ?? new Map<RubyValue, RubyValue>())].map(([name, definition]) => {
    if (typeof name !== 'string') {
      fail(
        `Job '${job}' has invalid property name ${inspectRubyValue(name)}`,
        'Property names are dotted strings, e.g. `server.port`.',
      );
    }
    if (definition !== null && !isRubyHash(definition)) {
      fail(
        `Job '${job}' has invalid definition for property '${name}': expected a hash, got ${rubyClassName(definition)}`,
        `Write property '${name}' as a hash with any of description, default, example, type.`,
      );
    }
    const field = (key: string): RubyValue => definition?.get(key) ?? null;
    return {
      name,
      description: optionalText(field('description')),
      default: field('default'),
      example: field('example'),
      type: optionalText(field('type')),
    };
  });
}

/** No leading `/` (or drive), no `..` segment, not empty. */
function isSafeLocalPath(path: string): boolean {
  if (path === '' || path.includes('\0') || /^([/\\]|[A-Za-z]:)/.test(path)) return false;
  return !path.split(/[/\\]/).includes('..');
}

function isTruthy(v: RubyValue | undefined): v is Exclude<RubyValue, null | false> {
  return v !== undefined && v !== null && v !== false;
}

/** Ruby's `"#{v}"`. */
function rubyToS(v: RubyValue): string {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return rubyFloatToS(v);
  if (v instanceof RubySymbol) return v.name;
  if (typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  return inspectRubyValue(v);
}

/** Informational text fields: a String, or the text of another scalar; undefined when absent. */
function optionalText(v: RubyValue | undefined): string | undefined {
  if (v === undefined || v === null || Array.isArray(v) || isRubyHash(v)) return undefined;
  return rubyToS(v);
}
