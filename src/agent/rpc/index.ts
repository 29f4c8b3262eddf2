export type { AgentAction } from './agent-action.js';
export { AgentTasks, type AgentTaskState } from './agent-tasks.js';
export { ActionDispatcher, type DispatchLog } from './action-dispatcher.js';
export { AgentRpcServer, type RpcServerOptions } from './rpc-server.js';
