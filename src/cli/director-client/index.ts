export { CommandUi, type UiTable } from './command-ui.js';
export { DirectorClient, type TaskFilter } from './director-client.js';
export {
  DIRECTOR_OPTIONS,
  expectArguments,
  openDirectorSession,
  parseDirectorArgs,
  parseTaskId,
  type DirectorSession,
} from './director-command.js';
export {
  resolveDirectorEnvironment,
  type DirectorEnvironment,
  type EnvironmentFlags,
} from './director-environment.js';
export { assertTaskSucceeded, followTask } from './follow-task.js';
export { hoistGlobalFlags } from './hoist-global-flags.js';
