import { describe, expect, it } from 'vitest';
import type { ServiceStatus } from './job-supervisor.js';
import {
  nextServiceState,
  serviceStatusOf,
  statusOfMonitFields,
  type MonitFields,
  type ServiceEvent,
  type ServiceState,
} from './service-state.js';

describe('statusOfMonitFields (reference §3.4)', () => {
  it.each<[MonitFields, ServiceStatus]>([
    [{ monitor: 0, status: 0 }, 'unknown'],
    [{ monitor: 0, status: 512 }, 'unknown'],
    [{ monitor: 2, status: 0 }, 'starting'],
    [{ monitor: 2, status: 32 }, 'starting'],
    [{ monitor: 1, status: 0 }, 'running'],
    [{ monitor: 1, status: 512 }, 'failing'],
  ])('maps %o to %s', (fields, status) => {
    expect(statusOfMonitFields(fields)).toBe(status);
  });
});

describe('serviceStatusOf', () => {
  it.each<[ServiceState, ServiceStatus]>([
    ['unmonitored', 'unknown'],
    ['starting', 'starting'],
    ['running', 'running'],
    ['restarting', 'failing'],
    ['crash-loop', 'failing'],
    ['stopping', 'running'],
  ])('reports %s as %s', (state, status) => {
    expect(serviceStatusOf(state)).toBe(status);
  });
});

describe('nextServiceState', () => {
  it.each<[ServiceState, ServiceEvent, ServiceState | undefined]>([
    ['unmonitored', 'start', 'starting'],
    ['starting', 'alive', 'running'],
    ['starting', 'start-failed', 'restarting'],
    ['running', 'died', 'restarting'],
    ['restarting', 'alive', 'running'],
    ['restarting', 'start-failed', 'restarting'],
    ['restarting', 'gave-up', 'crash-loop'],
    ['crash-loop', 'start', 'starting'],
    ['running', 'unmonitor', 'unmonitored'],
    ['crash-loop', 'unmonitor', 'unmonitored'],
    ['unmonitored', 'stop', 'stopping'],
    ['running', 'stop', 'stopping'],
    ['stopping', 'stopped', 'unmonitored'],
    ['stopping', 'stop-interrupted', 'unmonitored'],
    ['running', 'start', undefined],
    ['stopping', 'unmonitor', undefined],
    ['unmonitored', 'died', undefined],
  ])('goes from %s on %s to %s', (state, event, next) => {
    expect(nextServiceState(state, event)).toBe(next);
  });
});
