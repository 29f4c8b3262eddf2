import { describe, expect, it } from 'vitest';
import { GROUP_LINE, lineOf, manifest, problemsOf } from './manifest-test-bed.js';

/** The test group as Ruby inspects it, for messages that quote it. */
const GROUP = `{"name" => "web", "azs" => ["z1"], "jobs" => [{"name" => "nginx", "release" => "app"}], "vm_type" => "default", "stemcell" => "default", "networks" => [{"name" => "default"}]}`;
/** The line of the first key added after the test group's own. */
const ADDED = GROUP_LINE + 7;

describe('checkInstanceGroup', () => {
  // prettier-ignore
  it.each<[string, Record<string, string | null>, string, number, string]>([
    ['instances not an Integer', { instances: 'two' }, 'instance_groups[0].instances', lineOf('instances'), `Property 'instances' value ("two") did not match the required type 'Integer'`],
    ['instances a Float', { instances: '2.0' }, 'instance_groups[0].instances', lineOf('instances'), `Property 'instances' value (2.0) did not match the required type 'Integer'`],
    ['instances missing', { instances: null }, 'instance_groups[0].instances', GROUP_LINE, `Required property 'instances' was not specified in object (${GROUP})`],
    ['an unknown lifecycle', { lifecycle: 'batch' }, 'instance_groups[0].lifecycle', ADDED, "Invalid lifecycle 'batch' for 'web', valid lifecycle profiles are: service, errand"],
    ['no jobs key', { jobs: null }, 'instance_groups[0]', GROUP_LINE, "Instance group 'web' does not specify jobs key"],
    ['v1 templates', { jobs: null, templates: '[{name: nginx}]' }, 'instance_groups[0].templates', ADDED - 1, "Instance group 'web' specifies template or templates. This is no longer supported, please use jobs instead"],
    ['a job without release', { jobs: '[{name: nginx}]' }, 'instance_groups[0].jobs[0].release', lineOf('jobs'), `Required property 'release' was not specified in object ({"name" => "nginx"})`],
    ['a job name of the wrong type', { jobs: '[{name: [nginx], release: app}]' }, 'instance_groups[0].jobs[0].name', lineOf('jobs'), `Property 'name' value (["nginx"]) did not match the required type 'String'`],
    ['job properties not a Hash', { jobs: '[{name: nginx, release: app, properties: [a]}]' }, 'instance_groups[0].jobs[0].properties', lineOf('jobs'), `Property 'properties' value (["a"]) did not match the required type 'Hash'`],
    ['colocated jobs twice', { jobs: '[{name: nginx, release: app}, {name: nginx, release: app}]' }, 'instance_groups[0].jobs[1].name', lineOf('jobs'), "Colocated job 'nginx' is already added to the instance group 'web'"],
    ['a job of an unknown release', { jobs: '[{name: nginx, release: other}]' }, 'instance_groups[0].jobs[0].release', lineOf('jobs'), "Job 'nginx' (instance group 'web') references an unknown release 'other'"],
    ['neither vm_type nor vm_resources', { vm_type: null }, 'instance_groups[0]', GROUP_LINE, "Instance group 'web' is missing either 'vm_type' or 'vm_resources' section."],
    ['both vm_type and vm_resources', { vm_resources: '{cpu: 1, ram: 512, ephemeral_disk_size: 1024}' }, 'instance_groups[0]', GROUP_LINE, "Instance group 'web' can only specify 'vm_type' or 'vm_resources' keys."],
    ['vm_resources without ram', { vm_type: null, vm_resources: '{cpu: 1, ephemeral_disk_size: 1024}' }, 'instance_groups[0].vm_resources.ram', ADDED - 1, `Required property 'ram' was not specified in object ({"cpu" => 1, "ephemeral_disk_size" => 1024})`],
    ['a negative disk', { persistent_disk: '-1' }, 'instance_groups[0].persistent_disk', ADDED, "Instance group 'web' references an invalid persistent disk size '-1'"],
    ['two disk keys', { persistent_disk: '10', persistent_disk_type: 'large' }, 'instance_groups[0]', GROUP_LINE, "Instance group 'web' specifies more than one of the following keys: 'persistent_disk', 'persistent_disk_type', and 'persistent_disks'. Choose one."],
    ['persistent_disk_pool', { persistent_disk_pool: 'large' }, 'instance_groups[0].persistent_disk_pool', ADDED, '`persistent_disk_pool` is not supported as an `instance_groups` key. Please use `persistent_disk_type` instead.'],
    ['persistent_disks with duplicate names', { persistent_disks: '[{name: d, type: a}, {name: d, type: b}]' }, 'instance_groups[0].persistent_disks', ADDED, "Instance group 'web' persistent_disks's section contains duplicate names"],
    ['a persistent disk without name', { persistent_disks: '[{type: a}]' }, 'instance_groups[0].persistent_disks[0]', ADDED, "Instance group 'web' persistent_disks's section contains a disk with no name"],
    ['resource_pool', { resource_pool: 'small' }, 'instance_groups[0].resource_pool', ADDED, "Instance groups no longer support resource_pool, please use 'vm_type' or 'vm_resources' keys"],
    ['an unknown stemcell alias', { stemcell: 'other' }, 'instance_groups[0].stemcell', lineOf('stemcell'), "Instance group 'web' references an unknown stemcell 'other'"],
    ['no networks', { networks: '[]' }, 'instance_groups[0].networks', lineOf('networks'), "Instance group 'web' must specify at least one network"],
    ['networks not a list', { networks: 'default' }, 'instance_groups[0].networks', lineOf('networks'), `Property 'networks' value ("default") did not match the required type 'Array'`],
    ['two networks, no defaults', { networks: '[{name: a}, {name: b}]' }, 'instance_groups[0].networks', lineOf('networks'), "Instance group 'web' must specify which network is default for dns, gateway, since it has more than one network configured"],
    ['two networks, both default for dns', { networks: '[{name: a, default: [dns, gateway]}, {name: b, default: [dns]}]' }, 'instance_groups[0].networks', lineOf('networks'), "Instance group 'web' specified more than one network to contain default. 'dns' has default networks: 'a', 'b'."],
    ['an invalid default', { networks: '[{name: a, default: [foo, dns, gateway]}, {name: b}]' }, 'instance_groups[0].networks[0].default', lineOf('networks'), "Instance group 'web' specified an invalid default network property 'foo', valid properties are: dns, gateway"],
    ['fewer static IPs than instances', { networks: '[{name: default, static_ips: [10.245.0.10]}]' }, 'instance_groups[0].networks[0].static_ips', lineOf('networks'), "Instance group 'web' has 2 instances but was allocated 1 static IPs in network 'default'"],
    ['a static IP twice', { networks: '[{name: default, static_ips: [10.245.0.10, 10.245.0.10]}]' }, 'instance_groups[0].networks[0].static_ips', lineOf('networks'), "Instance group 'web' specifies static IP '10.245.0.10' more than once"],
    ['a bad static IP range', { networks: '[{name: default, static_ips: [10.245.0.10 - 10.245.0.11 - 10.245.0.12]}]' }, 'instance_groups[0].networks[0].static_ips', lineOf('networks'), 'Invalid IP range format: 10.245.0.10 - 10.245.0.11 - 10.245.0.12'],
    ['empty azs', { azs: '[]' }, 'instance_groups[0].azs', lineOf('azs'), "Instance group 'web' has empty availability zones"],
    ['an AZ that is not a String', { azs: '[z1, 3]' }, 'instance_groups[0].azs[1]', lineOf('azs'), "Instance group 'web' has invalid availability zone '3', string expected"],
    ['an unknown state', { state: 'running' }, 'instance_groups[0].state', ADDED, "Invalid state 'running' for 'web', valid states are: started, stopped, detached, recreate, restart"],
    ['an unknown instance state', { instance_states: '{0: paused}' }, 'instance_groups[0].instance_states.0', ADDED, "Invalid state 'paused' for 'web/0', valid states are: started, stopped, detached, recreate, restart"],
    ['a bad watch time', { update: '{canary_watch_time: soon}' }, 'instance_groups[0].update.canary_watch_time', ADDED, 'Watch time should be an integer or a range of two integers'],
    ['a reversed watch time', { update: '{update_watch_time: 9000-1000}' }, 'instance_groups[0].update.update_watch_time', ADDED, 'Min watch time cannot be greater than max watch time'],
    ['a max_in_flight that cannot be calculated', { update: '{max_in_flight: lots}' }, 'instance_groups[0].update.max_in_flight', ADDED, `Property 'max_in_flight' value ("lots") cannot be calculated: expected an integer or a percentage like '25%'`],
    ['an unknown vm_strategy', { update: '{vm_strategy: fast}' }, 'instance_groups[0].update.vm_strategy', ADDED, "Invalid vm_strategy 'fast', valid strategies are: create-swap-delete, delete-create"],
    ['an unknown initial_deploy_az_update_strategy', { update: '{initial_deploy_az_update_strategy: all}' }, 'instance_groups[0].update.initial_deploy_az_update_strategy', ADDED, "Invalid initial_deploy_az_update_strategy 'all', valid strategies are: 'parallel, serial'"],
    ['serial not a boolean', { update: '{serial: maybe}' }, 'instance_groups[0].update.serial', ADDED, `Property 'serial' value ("maybe") did not match the required type 'boolean'`],
    ['an unknown migrated_from AZ', { migrated_from: '[{name: old, az: z9}]' }, 'instance_groups[0].migrated_from[0].az', ADDED, "Instance group 'old' specified for migration to instance group 'web' refers to availability zone 'z9'. Az 'z9' is not in the list of availability zones of instance group 'web'."],
  ])('reports %s with BOSH message', (_what, changes, path, line, message) => {
    expect(problemsOf(manifest(changes))).toEqual([{ path, line, message }]);
  });

  it('reports every problem of a group whose keys have the right types', () => {
    const messages = problemsOf(
      manifest({ lifecycle: 'batch', vm_type: null, azs: '[]', state: 'paused' }),
    ).map((p) => p.message);
    expect(messages).toEqual([
      "Invalid lifecycle 'batch' for 'web', valid lifecycle profiles are: service, errand",
      "Instance group 'web' is missing either 'vm_type' or 'vm_resources' section.",
      "Instance group 'web' has empty availability zones",
      "Invalid state 'paused' for 'web', valid states are: started, stopped, detached, recreate, restart",
    ]);
  });
});
