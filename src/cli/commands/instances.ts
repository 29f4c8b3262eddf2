import type { InstanceView } from '../../protocol/index.js';
import { EXIT_OK, type CliIo } from '../cli-io.js';
import {
  compareRows,
  DEPLOYMENT_OPTION,
  deploymentNames,
  expectArguments,
  openDirectorSession,
  parseDirectorArgs,
  type UiTable,
} from '../director-client/index.js';

const USAGE = 'bosun instances [-d NAME] [--ps] [--details] [--json]';

/**
 * `bosun instances -d NAME`: a deployment's instances as `bosh instances` lists them, sorted
 * by name; `--ps` adds a row per monit process under its instance, `--details` the VM CID,
 * agent ID, index and bootstrap flag. Without `-d`, one table per deployment.
 */
export async function runInstances(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseDirectorArgs(
    argv,
    { ...DEPLOYMENT_OPTION, ps: { type: 'boolean' }, details: { type: 'boolean' } },
    USAGE,
  );
  expectArguments(positionals, 0, USAGE);
  const { client, ui } = openDirectorSession(values, io);
  const names = await deploymentNames(client, values.deployment);
  for (const [i, name] of names.entries()) {
    if (i > 0 && !ui.isJson) ui.line('');
    const instances = await client.instances(name);
    ui.table(
      instanceTable(name, instances, { isPs: values.ps === true, isDetailed: values.details === true }),
    );
  }
  ui.succeed();
  return EXIT_OK;
}

/** The table of `bosh instances` (bosh-cli cmd/instances.go, instance_table.go). */
export function instanceTable(
  deployment: string,
  instances: readonly InstanceView[],
  { isPs, isDetailed }: { isPs: boolean; isDetailed: boolean },
): UiTable {
  const header = [
    'Instance',
    ...(isPs ? ['Process'] : []),
    'Process State',
    'AZ',
    'IPs',
    ...(isDetailed ? ['State', 'VM CID', 'Agent ID', 'Index', 'Bootstrap'] : []),
  ];
  const rows = instances.flatMap((instance) => {
    const name = `${instance.instance_group}/${instance.id}`;
    const row = [
      name,
      ...(isPs ? [''] : []),
      instance.process_state,
      instance.az ?? '',
      instance.ips.join('\n'),
      ...(isDetailed
        ? [
            instance.state,
            instance.vm_cid ?? '',
            instance.agent_id ?? '',
            String(instance.index),
            String(instance.bootstrap),
          ]
        : []),
    ];
    const processRows = isPs
      ? instance.processes.map((p) => [
          name,
          p.name,
          p.state,
          '',
          '',
          ...(isDetailed ? ['', '', '', '', ''] : []),
        ])
      : [];
    return [row, ...processRows];
  });
  return {
    title: `Deployment '${deployment}'`,
    content: 'instances',
    header,
    // By instance, then by the second column: with --ps the instance's own row (no process) first.
    rows: rows.sort((a, b) => compareRows(a, b, 2)),
    isFirstColumnCollapsed: true,
    count: instances.length,
  };
}
