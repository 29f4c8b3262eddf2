import type { VmView } from '../../protocol/index.js';
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

const USAGE = 'bosun vms [-d NAME] [--json]';

/** `bosun vms -d NAME`: a deployment's VMs as `bosh vms` lists them; without `-d`, every deployment's. */
export async function runVms(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseDirectorArgs(argv, DEPLOYMENT_OPTION, USAGE);
  expectArguments(positionals, 0, USAGE);
  const { client, ui } = openDirectorSession(values, io);
  const names = await deploymentNames(client, values.deployment);
  for (const [i, name] of names.entries()) {
    if (i > 0 && !ui.isJson) ui.line('');
    ui.table(vmTable(name, await client.vms(name)));
  }
  ui.succeed();
  return EXIT_OK;
}

/** The table of `bosh vms` (bosh-cli cmd/vms.go: instance table with VM details). */
export function vmTable(deployment: string, vms: readonly VmView[]): UiTable {
  return {
    title: `Deployment '${deployment}'`,
    content: 'vms',
    header: ['Instance', 'Process State', 'AZ', 'IPs', 'VM CID', 'VM Type', 'Active'],
    rows: vms
      .map((vm) => [
        `${vm.instance_group}/${vm.id}`,
        vm.process_state,
        vm.az ?? '',
        vm.ips.join('\n'),
        vm.vm_cid,
        vm.vm_type ?? '',
        String(vm.active),
      ])
      .sort((a, b) => compareRows(a, b, 1)),
  };
}
