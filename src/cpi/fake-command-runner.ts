import type { CommandRequest, CommandResult, CommandRunner } from './command-runner.js';

/** A scripted answer: a result, or an error to reject with. */
export type FakeAnswer = Partial<CommandResult> | Error;

/**
 * A hand-written fake of {@link CommandRunner} for unit tests: records every request and
 * answers from `answer` (exit 0 with empty output by default).
 */
export class FakeCommandRunner implements CommandRunner {
  readonly requests: CommandRequest[] = [];

  constructor(private readonly answer: (request: CommandRequest) => FakeAnswer = () => ({})) {}

  /** Every command line run, space-joined, for exact assertions. */
  get commandLines(): string[] {
    return this.requests.map((r) => r.argv.join(' '));
  }

  run(request: CommandRequest): Promise<CommandResult> {
    this.requests.push(request);
    const answer = this.answer(request);
    if (answer instanceof Error) return Promise.reject(answer);
    return Promise.resolve({
      exitCode: 0,
      exitSignal: null,
      stdout: '',
      stderr: '',
      durationMs: 1,
      ...answer,
    });
  }
}
