import type { InstanceAgent } from './instance-agent.js';

/** Records every call as `method` or `method:firstArg`; answers from a script of handlers. */
export class FakeInstanceAgent implements InstanceAgent {
  readonly calls: string[] = [];
  readonly args: unknown[][] = [];

  constructor(private readonly handlers: Record<string, (args: readonly unknown[]) => unknown> = {}) {}

  call(method: string, args: readonly unknown[] = []): Promise<unknown> {
    return this.answer(method, args);
  }

  run(method: string, args: readonly unknown[]): Promise<unknown> {
    return this.answer(method, args);
  }

  private answer(method: string, args: readonly unknown[]): Promise<unknown> {
    const key = method === 'run_script' || method === 'drain' ? `${method}:${String(args[0])}` : method;
    this.calls.push(key);
    this.args.push([...args]);
    const handler = this.handlers[key] ?? this.handlers[method];
    return Promise.resolve(handler === undefined ? defaultValue(method) : handler(args));
  }
}

function defaultValue(method: string): unknown {
  switch (method) {
    case 'get_state':
      return { job_state: 'running', processes: [] };
    case 'drain':
      return 0;
    case 'run_script':
      return {};
    default:
      return method.endsWith('e') ? `${method}d` : `${method}ed`;
  }
}
