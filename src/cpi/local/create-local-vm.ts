import { mkdir } from 'node:fs/promises';
import { describeError } from '../../base/index.js';
import type { CpiCallOptions, CpiNetworks, CreatedVm, CreateVmRequest } from '../cpi.js';
import { CPI_ERROR_TYPES, CpiError, isCpiError } from '../cpi-error.js';
import { formatSchemaIssues } from '../../protocol/index.js';
import { isSafeCid, newCid, readRecord, writeRecord } from './cpi-dir.js';
import { reserveFreeIp, reserveIp } from './ip-reservations.js';
import { netmaskOfPrefixLength } from './ipv4.js';
import type { LocalCpiContext } from './local-cpi-context.js';
import { stemcellRecordSchema, type VmInterface, type VmRecord } from './local-records.js';
import { startVmSandbox } from './local-vm-sandbox.js';
import { planVmInterfaces } from './plan-vm-interfaces.js';
import { teardownVm } from './teardown-local-vm.js';
import { writeAgentFiles } from './vm-agent-files.js';
import { VM_AGENT_CONFIG_PATH, VM_SETTINGS_PATH, vmEnvSchema } from './vm-env.js';

/**
 * `create_vm` for the local CPI: a VM directory, addresses, a network namespace wired to the
 * bridge, the agent's files, and a running sandbox. On any failure everything made so far
 * is removed again and a `Bosh::Clouds::VMCreationFailed` CpiError says why.
 */
export async function createLocalVm(
  ctx: LocalCpiContext,
  request: CreateVmRequest,
  options: CpiCallOptions,
): Promise<CreatedVm> {
  const env = vmEnvSchema.safeParse(request.env);
  if (!env.success) {
    const issues = formatSchemaIssues(env.error).map((i) => `env.${i}`);
    throw new CpiError(
      CPI_ERROR_TYPES.cloud,
      `The local CPI cannot create a VM from this environment: ${issues.join('; ')}`,
      {
        hint: "env.bosun.agent_command names the VM's first process (normally the agent); see the local CPI documentation.",
      },
    );
  }
  const stemcell = isSafeCid(request.stemcellCid)
    ? await readRecord(ctx.dir.stemcellRecord(request.stemcellCid), stemcellRecordSchema)
    : null;
  if (stemcell === null)
    throw new CpiError(CPI_ERROR_TYPES.cloud, `Stemcell '${request.stemcellCid}' not found`);
  const cid = newCid('vm');
  const planned = planVmInterfaces(cid, request.networks, ctx.config);
  const { agent_command, agent_config, agent_env, hostname } = env.data.bosun;
  const vcapDir = ctx.dir.vmVcapDir(cid);
  const vm: VmRecord = {
    cid,
    agent_id: request.agentId,
    stemcell_cid: request.stemcellCid,
    created_at: new Date(ctx.clock.nowMs()).toISOString(),
    hostname: hostname ?? hostnameOf(request.agentId),
    cloud_properties: request.cloudProperties,
    networks: {},
    netns: `bosun-${cid}`,
    interfaces: [],
    command: agent_command,
    command_env: {
      PATH: ctx.config.path,
      HOME: '/root',
      BOSUN_VM_CID: cid,
      BOSUN_AGENT_ID: request.agentId,
      BOSUN_AGENT_SETTINGS: VM_SETTINGS_PATH,
      ...(agent_config === undefined ? {} : { BOSUN_AGENT_CONFIG: VM_AGENT_CONFIG_PATH }),
      ...agent_env,
    },
    disks: [],
    metadata: {},
    sandbox: null,
  };
  ctx.log.write(`creating VM ${cid} for agent ${request.agentId} in ${ctx.dir.vmDir(cid)}`);
  try {
    await mkdir(vcapDir, { recursive: true });
    await writeRecord(ctx.dir.vmRecord(cid), vm);
    const networks: CpiNetworks = {};
    for (const p of planned) {
      const ip =
        p.ip ??
        (await reserveFreeIp(
          ctx.dir,
          p.dynamicSubnet ?? { network: 0, prefixLength: 32 },
          p.excludedIps,
          cid,
        ));
      if (p.ip !== null) await reserveIp(ctx.dir, ip, cid);
      const vif: VmInterface = {
        network: p.network,
        guest_interface: p.guestInterface,
        host_interface: p.hostInterface,
        bridge: p.bridge,
        ip,
        prefix_length: p.prefixLength,
        gateway: p.gateway,
        is_default_gateway: p.isDefaultGateway,
      };
      vm.interfaces.push(vif);
      networks[p.network] = {
        ...request.networks[p.network],
        ip,
        netmask: netmaskOfPrefixLength(p.prefixLength),
        ...(p.gateway === null ? {} : { gateway: p.gateway }),
      };
    }
    vm.networks = networks;
    await writeRecord(ctx.dir.vmRecord(cid), vm);
    options.signal?.throwIfAborted();
    await ctx.network.addNamespace(vm.netns);
    for (const vif of vm.interfaces) {
      if (vif.gateway !== null) await ctx.network.ensureBridge(vif.bridge, vif.gateway, vif.prefix_length);
      await ctx.network.addInterface(vm.netns, vif);
    }
    options.signal?.throwIfAborted();
    await writeAgentFiles(vcapDir, vm, agent_config, request.env);
    vm.sandbox = await startVmSandbox(ctx, vm, options);
    await writeRecord(ctx.dir.vmRecord(cid), vm);
    return { vmCid: cid, networks };
  } catch (e) {
    await teardownVm(ctx, vm).catch((cleanup: unknown) =>
      ctx.log.write(`cleaning up VM ${cid} failed: ${describeError(cleanup)}`),
    );
    const why = describeError(e);
    throw new CpiError(
      CPI_ERROR_TYPES.vmCreationFailed,
      `Creating VM for agent '${request.agentId}' failed: ${why}`,
      {
        cause: e,
        ...(isCpiError(e) && e.hint !== undefined ? { hint: e.hint } : {}),
      },
    );
  }
}

/** The agent ID as a hostname: at most 63 characters of letters, digits and dashes. */
function hostnameOf(agentId: string): string {
  const cleaned = agentId
    .replace(/[^A-Za-z0-9-]/g, '-')
    .replace(/^-+/, '')
    .slice(0, 63);
  return cleaned === '' ? 'vm' : cleaned;
}
