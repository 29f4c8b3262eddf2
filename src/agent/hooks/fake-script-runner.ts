import type { ScriptExit, ScriptProcessOptions, ScriptProcessRunner } from './script-process.js';

/** A planned outcome of one call of {@link FakeScriptRunner}. */
export type FakeOutcome = Partial<ScriptExit>;

/**
 * A hand-written fake of {@link ScriptProcessRunner} for unit tests: records every call and
 * answers with the planned outcomes in order (exit 0 with empty output once they run out).
 */
export class FakeScriptRunner {
  readonly calls: ScriptProcessOptions[] = [];

  constructor(private readonly outcomes: FakeOutcome[] = []) {}

  readonly run: ScriptProcessRunner = (options) => {
    this.calls.push(options);
    const planned = this.outcomes.shift() ?? {};
    return Promise.resolve({
      exitCode: 0,
      signal: null,
      cancelled: options.signal?.aborted === true,
      stdout: '',
      stderr: '',
      ...planned,
    });
  };
}
