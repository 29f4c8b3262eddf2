import { describe, expect, it } from 'vitest';
import { FACTS, desiredInstance } from '../planning/planning-test-bed.js';
import { detectChanges, updateKindOf } from '../planning/index.js';
import type { InstanceRecord, VmRecord } from '../store/index.js';
import { actualInstanceOf } from './actual-instances.js';

const VM: VmRecord = {
  id: 1,
  deploymentId: 1,
  instanceId: 1,
  cid: 'vm-1',
  agentId: 'agent-1',
  agentCredentials: { user: 'u', password: 'p' },
  stemcellId: 1,
  networkSettings: { default: { type: 'manual', ip: '10.0.0.5' } },
  cloudProperties: FACTS.cloudProperties as Record<string, never>,
  isActive: true,
  createdAtMs: 0,
};

function record(more: Partial<InstanceRecord>): InstanceRecord {
  return {
    id: 1,
    deploymentId: 1,
    deploymentName: 'd',
    instanceGroup: 'web',
    index: 0,
    uuid: 'a',
    az: 'z1',
    isBootstrap: true,
    state: 'started',
    isIgnored: false,
    isUpdateCompleted: false,
    ips: [],
    spec: null,
    renderedTemplates: null,
    configurationHash: null,
    appliedFacts: null,
    vm: VM,
    createdAtMs: 0,
    updatedAtMs: 0,
    ...more,
  };
}

describe('actualInstanceOf', () => {
  it("updates in place, not recreates, an instance whose first update never finished: its VM's stemcell and cloud properties stand in (§5.4)", () => {
    const actual = actualInstanceOf(record({}), false, 'failing', FACTS.stemcell);
    const changes = detectChanges(desiredInstance('a'), actual);
    expect(changes).not.toContain('stemcell');
    expect(changes).not.toContain('cloud_properties');
    expect(changes).toContain('dirty');
    expect(updateKindOf(changes)).toBe('full');
  });

  it('recreates it when the stemcell it was created with is no longer the one wanted', () => {
    const actual = actualInstanceOf(record({}), false, 'failing', { name: FACTS.stemcell.name, version: 'old' });
    expect(updateKindOf(detectChanges(desiredInstance('a'), actual))).toBe('recreate');
  });

  it('takes its addresses from the VM while it has no applied facts', () => {
    expect(actualInstanceOf(record({}), false, undefined).ips).toEqual({ default: '10.0.0.5' });
  });
});
