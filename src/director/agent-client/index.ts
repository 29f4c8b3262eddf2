export { AgentClient, AgentError, type AgentClientOptions, type AgentEndpoint } from './agent-client.js';
