import type { z } from 'zod';

/**
 * Every problem zod found, each with its path the way the file's author writes it
 * (`jobs[0].sha1: Invalid input: expected string, received number`), joined by `; `.
 */
export function formatSchemaProblems(error: z.ZodError): string {
  return error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`).join('; ');
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
