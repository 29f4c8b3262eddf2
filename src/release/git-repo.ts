import { execFile } from 'node:child_process';
import { BosunError } from '../base/index.js';

/** What create-release asks git about the release directory (bosh-cli `releasedir/git_repo.go`). */
export interface GitRepo {
  /** `git rev-parse --short HEAD`; `non-git` outside a repository, `empty` before any commit. */
  lastCommitSha(dir: string): Promise<string>;
  /** `git status --short`, trimmed; empty when clean or outside a repository. */
  status(dir: string): Promise<string>;
}

/** Runs the `git` executable. Without git installed every directory counts as non-git. */
export const gitExecutable: GitRepo = {
  async lastCommitSha(dir) {
    const result = await runGit(dir, ['rev-parse', '--short', 'HEAD']);
    if (result.isNotRepo) return 'non-git';
    if (result.code === 0) return result.stdout.trim();
    if (/Needed a single revision|ambiguous argument 'HEAD'|unknown revision/.test(result.stderr))
      return 'empty';
    throw new BosunError('GIT_FAILED', `Checking last commit SHA: ${result.stderr.trim()}`);
  },
  async status(dir) {
    const result = await runGit(dir, ['status', '--short']);
    if (result.isNotRepo) return '';
    if (result.code !== 0) throw new BosunError('GIT_FAILED', `Checking status: ${result.stderr.trim()}`);
    return result.stdout.trim();
  },
};

/** A GitRepo for a directory that is not under git (tests, tarballs of sources). */
export const noGit: GitRepo = {
  lastCommitSha: () => Promise.resolve('non-git'),
  status: () => Promise.resolve(''),
};

interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
  isNotRepo: boolean;
}

function runGit(dir: string, args: string[]): Promise<GitResult> {
  return new Promise((resolve) => {
    execFile('git', args, { cwd: dir, encoding: 'utf8' }, (error, stdout, stderr) => {
      const errno = (error as NodeJS.ErrnoException | null)?.code;
      if (errno === 'ENOENT') {
        resolve({ code: 127, stdout: '', stderr: 'git not found', isNotRepo: true });
        return;
      }
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, stdout, stderr, isNotRepo: code !== 0 && /not a git repository/i.test(stderr) });
    });
  });
}
