/**
 * Turns `fetch_logs` filters into a test on paths relative to the log directory. A filter is
 * a glob (`*` and `?` within one path component, `**` across components, as bosh-utils'
 * doublestar matching), or a bare job name such as `nginx`, which selects that job's
 * directory (`nginx/**`). No filters select every file (BOSH's default `**\/*`).
 */
export function compileLogFilters(filters: readonly string[]): (relativePath: string) => boolean {
  if (filters.length === 0) return () => true;
  const patterns = filters.map((f) => globToRegExp(isJobName(f) ? `${f}/**` : f));
  return (path) => patterns.some((p) => p.test(path));
}

function isJobName(filter: string): boolean {
  return !/[*?[/]/.test(filter);
}

function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i += 1) {
    const c = glob.charAt(i);
    if (glob.startsWith('**/', i)) {
      source += '(?:.*/)?';
      i += 2;
    } else if (glob.startsWith('**', i)) {
      source += '.*';
      i += 1;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}
