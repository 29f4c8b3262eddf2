/*
 * The state of one supervised process (one `check process` of group vcap).
 *
 *                  start                  alive
 *   unmonitored ──────────▶ starting ──────────────▶ running
 *        ▲                     │                      │  ▲
 *        │        start-failed │                 died │  │ alive
 *        │                     ▼                      ▼  │
 *        │                 restarting ◀───────────────┘  │
 *        │   (after a backoff, the start program again) ─┘   start-failed: stays restarting
 *        │                     │
 *        │                     │ gave-up: too many restarts within the window
 *        │                     ▼
 *        │                 crash-loop ── start ──▶ starting
 *        │
 *        ├── unmonitor ── from starting, running, restarting, crash-loop
 *        └── stopped ──── stopping ◀── stop, from every state but stopping
 *            stop-interrupted (the 5-minute limit or cancellation; the next stop or start
 *            finds the process again through its pidfile)
 *
 * What monit would report for each (the fields BOSH's agent maps, reference §3.4):
 *   unmonitored  monitor 0               → unknown
 *   starting     monitor 2 (initializing) → starting
 *   running      monitor 1, status ok    → running
 *   restarting   monitor 1, status error → failing  (monit: "process is not running")
 *   crash-loop   monitor 1, status error → failing  (monit's restart limit, reported as failing)
 *   stopping     monitor 1, status ok    → running  (monit keeps it monitored until stopped)
 */
import type { ServiceStatus } from './job-supervisor.js';

export type ServiceState = 'unmonitored' | 'starting' | 'running' | 'restarting' | 'crash-loop' | 'stopping';

export type ServiceEvent =
  | 'start'
  | 'alive'
  | 'died'
  | 'start-failed'
  | 'gave-up'
  | 'unmonitor'
  | 'stop'
  | 'stopped'
  | 'stop-interrupted';

/** The transition table: for each state, the events it accepts and where they lead. */
export const SERVICE_TRANSITIONS: Readonly<
  Record<ServiceState, Partial<Record<ServiceEvent, ServiceState>>>
> = {
  unmonitored: { start: 'starting', stop: 'stopping' },
  starting: { alive: 'running', 'start-failed': 'restarting', unmonitor: 'unmonitored', stop: 'stopping' },
  running: { died: 'restarting', unmonitor: 'unmonitored', stop: 'stopping' },
  restarting: {
    alive: 'running',
    'start-failed': 'restarting',
    'gave-up': 'crash-loop',
    unmonitor: 'unmonitored',
    stop: 'stopping',
  },
  'crash-loop': { start: 'starting', unmonitor: 'unmonitored', stop: 'stopping' },
  stopping: { stopped: 'unmonitored', 'stop-interrupted': 'unmonitored' },
};

/** The state after `event`, or undefined when `state` does not accept it. Pure. */
export function nextServiceState(state: ServiceState, event: ServiceEvent): ServiceState | undefined {
  return SERVICE_TRANSITIONS[state][event];
}

/** The monit status fields a state stands for (reference §3.4). */
export interface MonitFields {
  /** 0 not monitored, 1 monitored, 2 initializing. */
  readonly monitor: 0 | 1 | 2;
  /** 0 ok, otherwise an error (monit's bit mask; only zero or not matters). */
  readonly status: number;
}

const FIELDS: Readonly<Record<ServiceState, MonitFields>> = {
  unmonitored: { monitor: 0, status: 0 },
  starting: { monitor: 2, status: 0 },
  running: { monitor: 1, status: 0 },
  restarting: { monitor: 1, status: 1 },
  'crash-loop': { monitor: 1, status: 1 },
  stopping: { monitor: 1, status: 0 },
};

/** The monit fields of a state. */
export function monitFieldsOf(state: ServiceState): MonitFields {
  return FIELDS[state];
}

/** BOSH's `StatusString()` (reference §3.4), exactly. */
export function statusOfMonitFields(fields: MonitFields): ServiceStatus {
  if (fields.monitor === 0) return 'unknown';
  if (fields.monitor === 2) return 'starting';
  return fields.status === 0 ? 'running' : 'failing';
}

/** The Status string get_state reports for a state. */
export function serviceStatusOf(state: ServiceState): ServiceStatus {
  return statusOfMonitFields(monitFieldsOf(state));
}
