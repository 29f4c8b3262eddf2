import { CPI_ERROR_TYPES, CpiError } from '../cpi-error.js';
import type { CommandRunner } from '../command-runner.js';
import type { CpiLog } from '../cpi-log.js';
import type { VmInterface } from './local-records.js';

const IP_TIMEOUT_MS = 30_000;

/**
 * The host side of VM networking, through iproute2: one bridge per network (holding the
 * gateway address, so the host reaches every VM), and per VM a named network namespace with
 * a veth pair per network from the VM to the bridge. VMs on one bridge reach each other
 * without IP forwarding.
 */
export class SandboxNetwork {
  constructor(
    private readonly runner: CommandRunner,
    private readonly env: Readonly<Record<string, string>>,
    private readonly log: CpiLog,
  ) {}

  /** Creates the bridge unless it exists, gives it `gateway/prefixLength` unless it has it, and sets it up. Safe to race. */
  async ensureBridge(bridge: string, gateway: string, prefixLength: number): Promise<void> {
    if ((await this.ip(['link', 'show', 'dev', bridge], { isFailureOk: true })).exitCode !== 0) {
      await this.ip(['link', 'add', 'name', bridge, 'type', 'bridge'], { isExistsOk: true });
    }
    const shown = await this.ip(['-j', 'addr', 'show', 'dev', bridge]);
    const addresses = (
      JSON.parse(shown.stdout || '[]') as { addr_info?: { local?: string; prefixlen?: number }[] }[]
    ).flatMap((l) => l.addr_info ?? []);
    if (!addresses.some((a) => a.local === gateway && a.prefixlen === prefixLength)) {
      await this.ip(['addr', 'add', `${gateway}/${prefixLength}`, 'dev', bridge], { isExistsOk: true });
    }
    await this.ip(['link', 'set', 'dev', bridge, 'up']);
  }

  /** `ip netns add`: the namespace lives (mounted at /run/netns/<name>) until `deleteNamespace`. */
  async addNamespace(name: string): Promise<void> {
    await this.ip(['netns', 'add', name]);
    await this.ip(['-n', name, 'link', 'set', 'dev', 'lo', 'up']);
  }

  /** A veth pair from the VM's namespace to its bridge, with the VM's address and, when default, its route. */
  async addInterface(netns: string, vif: VmInterface): Promise<void> {
    await this.ip([
      'link',
      'add',
      'name',
      vif.host_interface,
      'type',
      'veth',
      'peer',
      'name',
      vif.guest_interface,
      'netns',
      netns,
    ]);
    await this.ip(['link', 'set', 'dev', vif.host_interface, 'master', vif.bridge]);
    await this.ip(['link', 'set', 'dev', vif.host_interface, 'up']);
    await this.ip(['-n', netns, 'addr', 'add', `${vif.ip}/${vif.prefix_length}`, 'dev', vif.guest_interface]);
    // A VM often gets the address of one deleted moments ago: without this the host and the
    // other VMs keep sending to the old MAC for up to 45 s. The VM announces itself with a
    // gratuitous ARP when its link comes up (arp_notify), and the host forgets the old entry.
    await this.ip(
      ['netns', 'exec', netns, 'sh', '-c', `echo 1 > /proc/sys/net/ipv4/conf/${vif.guest_interface}/arp_notify`],
      { isFailureOk: true },
    );
    await this.ip(['neigh', 'flush', 'to', vif.ip, 'dev', vif.bridge], { isFailureOk: true });
    await this.ip(['-n', netns, 'link', 'set', 'dev', vif.guest_interface, 'up']);
    if (vif.is_default_gateway && vif.gateway !== null) {
      await this.ip(['-n', netns, 'route', 'add', 'default', 'via', vif.gateway, 'dev', vif.guest_interface]);
    }
  }

  /** Deletes the namespace (and with it the VM's ends of its veth pairs); absent is fine. */
  async deleteNamespace(name: string): Promise<void> {
    await this.ip(['netns', 'delete', name], { isMissingOk: true });
  }

  /** Deletes a host interface; absent is fine (deleting a namespace deletes its veth peers). */
  async deleteLink(name: string): Promise<void> {
    await this.ip(['link', 'delete', 'dev', name], { isMissingOk: true });
  }

  private async ip(
    args: string[],
    how: { isFailureOk?: boolean; isExistsOk?: boolean; isMissingOk?: boolean } = {},
  ) {
    const result = await this.runner.run({ argv: ['ip', ...args], env: this.env, timeoutMs: IP_TIMEOUT_MS });
    this.log.write(`ip ${args.join(' ')}: ${result.exitCode === 0 ? 'ok' : result.stderr.trim()}`);
    if (result.exitCode === 0 || how.isFailureOk === true) return result;
    if (how.isExistsOk === true && /exists|already assigned/i.test(result.stderr)) return result;
    if (how.isMissingOk === true && /cannot find|no such|does not exist|not found/i.test(result.stderr))
      return result;
    throw new CpiError(
      CPI_ERROR_TYPES.cloud,
      `'ip ${args.join(' ')}' failed (exit code ${String(result.exitCode)}): ${result.stderr.trim()}`,
    );
  }
}
