export { CommandUi, type UiTable } from './command-ui.js';
export { askForConfirmation, isInteractive } from './confirm.js';
export { DirectorClient, type DeployOptions, type LogsFilter, type TaskFilter } from './director-client.js';
export { compareRows, deploymentNames } from './deployment-tables.js';
export { downloadResource } from './download-resource.js';
export { diffManifestLines } from './manifest-diff.js';
export {
  DEPLOYMENT_OPTION,
  DIRECTOR_OPTIONS,
  expectArguments,
  openDirectorSession,
  parseDirectorArgs,
  parseTaskId,
  requireDeployment,
  type DirectorSession,
} from './director-command.js';
export {
  resolveDirectorEnvironment,
  type DirectorEnvironment,
  type EnvironmentFlags,
} from './director-environment.js';
export { assertTaskDone, assertTaskSucceeded, followTask } from './follow-task.js';
export { hoistGlobalFlags } from './hoist-global-flags.js';
