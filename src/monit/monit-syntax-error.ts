import { BosunError } from '../base/index.js';

/**
 * A job's `monit` file that monit would refuse to load: a syntax error, or a semantic one
 * (duplicate service name, unknown dependency, dependency loop, bad timeout or cycle count).
 *
 * The message is always `job '<job>': invalid monit file at line <n>: <detail>`, the words the
 * agent reports; `line` and `detail` are kept apart for callers that format their own.
 */
export class MonitSyntaxError extends BosunError {
  readonly jobName: string;
  readonly line: number;
  readonly detail: string;

  constructor(jobName: string, line: number, detail: string) {
    super('MONIT_FILE_INVALID', `job '${jobName}': invalid monit file at line ${line}: ${detail}`, {
      hint: "Fix the job's monit template; Bosun reads the monit 5.2.5 control-file grammar (reference §3.1).",
    });
    this.name = 'MonitSyntaxError';
    this.jobName = jobName;
    this.line = line;
    this.detail = detail;
  }
}
