import type { z } from 'zod';

/**
 * One line per problem, each naming its path the way a manifest author writes it:
 * `job.templates[0].sha1: expected string, got number`.
 */
export function formatSchemaIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else text += text === '' ? String(part) : `.${String(part)}`;
  }
  return text;
}
