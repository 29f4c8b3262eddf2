export type { JobState, JobSupervisor, ProcessStatus, ServiceStatus } from './job-supervisor.js';
export { MonitFileSupervisor, type MonitFileSupervisorOptions } from './monit-file-supervisor.js';
export { DEFAULT_SUPERVISION_POLICY, type SupervisionPolicy } from './restart-policy.js';
export type { ProcessInfo, ProcessTable } from './process-table.js';
export { ProcProcessTable } from './proc-process-table.js';
export type { ProgramExit, ProgramRequest, ProgramRunner, RunningProgram } from './program-runner.js';
export { SpawnProgramRunner } from './spawn-program-runner.js';
