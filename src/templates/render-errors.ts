/**
 * The Director's nested error format for template rendering (reference §2.8), built from
 * the template-level messages up. Indentation follows BOSH's FormatterHelper: every line of
 * the body, blank ones included, gets the indent.
 */
export function indentBody(body: string, indentBy: number): string {
  const pad = ' '.repeat(indentBy);
  return body
    .split('\n')
    .map((line, i, lines) => (i === lines.length - 1 && line === '' ? '' : pad + line))
    .join('\n');
}

function headerAndBody(header: string, body: string, indentBy: number): string {
  return `${header}\n${indentBody(body, indentBy)}`;
}

/** `- Unable to render templates for job '<job>'. Errors are:` + each template error. */
export function formatJobTemplateErrors(jobName: string, templateMessages: readonly string[]): string {
  const body = templateMessages.map((m) => `- ${m.trim()}`).join('\n');
  return headerAndBody(`- Unable to render templates for job '${jobName}'. Errors are:`, body.trim(), 2);
}

/** `- Unable to render jobs for instance group '<ig>'. Errors are:` + each job's message. */
export function formatInstanceGroupErrors(instanceGroup: string, jobMessages: readonly string[]): string {
  return headerAndBody(
    `- Unable to render jobs for instance group '${instanceGroup}'. Errors are:`,
    jobMessages.join('\n'),
    2,
  );
}

/** The deployment-level block the CLI prints after `Error: `. */
export function formatDeploymentRenderErrors(instanceGroupMessages: readonly string[]): string {
  return headerAndBody(
    'Unable to render instance groups for deployment. Errors are:',
    instanceGroupMessages.join('\n'),
    2,
  );
}
