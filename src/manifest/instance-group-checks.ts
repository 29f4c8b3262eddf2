import type { z } from 'zod';
import type { RubyHash, RubyValue } from '../yaml/index.js';
import { rubyToS } from './ruby-schema.js';

const LIFECYCLES = ['service', 'errand'];
const STATES = ['started', 'stopped', 'detached', 'recreate', 'restart'];
const REQUIRED_DEFAULTS = ['dns', 'gateway'];
const VALID_DEFAULTS = [...REQUIRED_DEFAULTS, 'addressable'];

/** What the checks read of an instance group whose keys have the right types. */
interface CheckedGroup {
  name: string;
  lifecycle?: string | undefined;
  template?: RubyValue | undefined;
  templates?: RubyValue | undefined;
  jobs?: ReadonlyArray<{ name: string }> | undefined;
  persistent_disk?: number | undefined;
  persistent_disk_type?: string | undefined;
  persistent_disk_pool?: string | undefined;
  persistent_disks?: ReadonlyArray<{ name?: RubyValue | undefined }> | undefined;
  resource_pool?: string | undefined;
  vm_type?: string | undefined;
  vm_resources?: object | undefined;
  networks: ReadonlyArray<{ name: string; default?: string[] | undefined; static_ips: string[] | undefined }>;
  azs?: readonly RubyValue[] | undefined;
  migrated_from?: ReadonlyArray<{ name: string; az?: string | undefined }> | undefined;
  state?: string | undefined;
  instance_states?: RubyHash | undefined;
  instances: number;
}

type Report = (path: ReadonlyArray<string | number>, message: string) => void;

/**
 * BOSH's checks of one instance group on its own, in `InstanceGroupSpecParser`'s order, with
 * its messages (reference §6.1, §6.3). Every failed check is reported, not only the first.
 */
export function checkInstanceGroup(group: CheckedGroup, ctx: z.RefinementCtx): void {
  const report: Report = (path, message) => ctx.addIssue({ code: 'custom', message, path: [...path] });
  const ig = group.name;
  if (group.lifecycle !== undefined && !LIFECYCLES.includes(group.lifecycle)) {
    report(
      ['lifecycle'],
      `Invalid lifecycle '${group.lifecycle}' for '${ig}', valid lifecycle profiles are: ${LIFECYCLES.join(', ')}`,
    );
  }
  if (isTruthy(group.template) || isTruthy(group.templates)) {
    report(
      [group.template !== undefined ? 'template' : 'templates'],
      `Instance group '${ig}' specifies template or templates. This is no longer supported, please use jobs instead`,
    );
  } else if (group.jobs === undefined) {
    report([], `Instance group '${ig}' does not specify jobs key`);
  }
  checkJobUniqueness(group, report);
  checkDisks(group, report);
  checkVmType(group, report);
  checkNetworks(group, report);
  checkAzs(group, report);
  checkStates(group, report);
}

function isTruthy(value: RubyValue | undefined): boolean {
  return value !== undefined && value !== null && value !== false;
}

function checkJobUniqueness(group: CheckedGroup, report: Report): void {
  const names = (group.jobs ?? []).map((j) => j.name);
  names.forEach((name, i) => {
    if (names.indexOf(name) !== i && names.indexOf(name, i + 1) === -1) {
      report(
        ['jobs', i, 'name'],
        `Colocated job '${name}' is already added to the instance group '${group.name}'`,
      );
    }
  });
}

function checkDisks(group: CheckedGroup, report: Report): void {
  const ig = group.name;
  if (group.persistent_disk_pool !== undefined) {
    report(
      ['persistent_disk_pool'],
      '`persistent_disk_pool` is not supported as an `instance_groups` key. Please use `persistent_disk_type` instead.',
    );
  }
  const given = [group.persistent_disk, group.persistent_disk_type, group.persistent_disks].filter(
    (v) => v !== undefined,
  );
  if (given.length > 1) {
    report(
      [],
      `Instance group '${ig}' specifies more than one of the following keys: 'persistent_disk', 'persistent_disk_type', and 'persistent_disks'. Choose one.`,
    );
  }
  if (group.persistent_disk !== undefined && group.persistent_disk < 0) {
    report(
      ['persistent_disk'],
      `Instance group '${ig}' references an invalid persistent disk size '${group.persistent_disk}'`,
    );
  }
  const disks = group.persistent_disks ?? [];
  const names = disks.map((d) => rubyToS(d.name ?? null));
  if (new Set(names).size !== names.length) {
    report(
      ['persistent_disks'],
      `Instance group '${ig}' persistent_disks's section contains duplicate names`,
    );
  }
  disks.forEach((d, i) => {
    if (d.name === undefined || d.name === null || rubyToS(d.name).trim() === '') {
      report(
        ['persistent_disks', i],
        `Instance group '${ig}' persistent_disks's section contains a disk with no name`,
      );
    }
  });
}

function checkVmType(group: CheckedGroup, report: Report): void {
  const ig = group.name;
  if (group.resource_pool !== undefined) {
    report(
      ['resource_pool'],
      "Instance groups no longer support resource_pool, please use 'vm_type' or 'vm_resources' keys",
    );
    return;
  }
  const count = [group.vm_type, group.vm_resources].filter((v) => v !== undefined).length;
  if (count === 0)
    report([], `Instance group '${ig}' is missing either 'vm_type' or 'vm_resources' section.`);
  if (count > 1) report([], `Instance group '${ig}' can only specify 'vm_type' or 'vm_resources' keys.`);
}

function checkNetworks(group: CheckedGroup, report: Report): void {
  const ig = group.name;
  const networks = group.networks;
  if (networks.length === 0) {
    report(['networks'], `Instance group '${ig}' must specify at least one network`);
    return;
  }
  networks.forEach((network, i) => {
    for (const property of network.default ?? []) {
      if (!VALID_DEFAULTS.includes(property)) {
        report(
          ['networks', i, 'default'],
          `Instance group '${ig}' specified an invalid default network property '${property}', valid properties are: ${REQUIRED_DEFAULTS.join(', ')}`,
        );
      }
    }
    const ips = network.static_ips ?? [];
    const duplicate = ips.find((ip, j) => ips.indexOf(ip) !== j);
    if (duplicate !== undefined) {
      report(
        ['networks', i, 'static_ips'],
        `Instance group '${ig}' specifies static IP '${duplicate}' more than once`,
      );
    }
  });
  if (networks.length > 1) {
    const defaults = VALID_DEFAULTS.map((p) => ({
      p,
      names: networks.filter((n) => (n.default ?? []).includes(p)).map((n) => n.name),
    }));
    const multiple = defaults.filter((d) => d.names.length > 1);
    if (multiple.length > 0) {
      const each = multiple.map(
        (d) => `'${d.p}' has default networks: ${d.names.map((n) => `'${n}'`).join(', ')}.`,
      );
      report(
        ['networks'],
        `Instance group '${ig}' specified more than one network to contain default. ${each.join(' ')}`,
      );
    }
    const missing = defaults
      .filter((d) => REQUIRED_DEFAULTS.includes(d.p) && d.names.length === 0)
      .map((d) => d.p);
    if (missing.length > 0) {
      report(
        ['networks'],
        `Instance group '${ig}' must specify which network is default for ${missing.sort().join(', ')}, since it has more than one network configured`,
      );
    }
  }
  networks.forEach((network, i) => {
    const count = network.static_ips?.length;
    if (count !== undefined && count !== group.instances) {
      report(
        ['networks', i, 'static_ips'],
        `Instance group '${ig}' has ${group.instances} instances but was allocated ${count} static IPs in network '${network.name}'`,
      );
    }
  });
}

function checkAzs(group: CheckedGroup, report: Report): void {
  const ig = group.name;
  const azs = group.azs;
  if (azs !== undefined) {
    if (azs.length === 0) report(['azs'], `Instance group '${ig}' has empty availability zones`);
    azs.forEach((az, i) => {
      if (typeof az !== 'string') {
        report(
          ['azs', i],
          `Instance group '${ig}' has invalid availability zone '${rubyToS(az)}', string expected`,
        );
      }
    });
  }
  (group.migrated_from ?? []).forEach((from, i) => {
    if (from.az !== undefined && !(azs ?? []).includes(from.az)) {
      report(
        ['migrated_from', i, 'az'],
        `Instance group '${from.name}' specified for migration to instance group '${ig}' refers to availability zone '${from.az}'. Az '${from.az}' is not in the list of availability zones of instance group '${ig}'.`,
      );
    }
  });
}

function checkStates(group: CheckedGroup, report: Report): void {
  const ig = group.name;
  const valid = `valid states are: ${STATES.join(', ')}`;
  if (group.state !== undefined && !STATES.includes(group.state)) {
    report(['state'], `Invalid state '${group.state}' for '${ig}', ${valid}`);
  }
  for (const [key, state] of group.instance_states ?? new Map<RubyValue, RubyValue>()) {
    if (typeof state !== 'string' || !STATES.includes(state)) {
      report(
        ['instance_states', rubyToS(key)],
        `Invalid state '${rubyToS(state)}' for '${ig}/${rubyToS(key)}', ${valid}`,
      );
    }
  }
}
