import { describe, expect, it } from 'vitest';
import { formatDeploymentRenderErrors, formatInstanceGroupErrors, formatJobTemplateErrors } from './render-errors.js';

// Reference §2.8: the Director's nested error blocks (job_template_renderer.rb, FormatterHelper).
describe('formatJobTemplateErrors', () => {
  it('T86 lists each failing template of the job under one header', () => {
    const message = formatJobTemplateErrors('fake-job-name', [
      'Error filling something in the template',
      'Error filling something in the template',
    ]);
    expect(message.split('\n')).toEqual([
      "- Unable to render templates for job 'fake-job-name'. Errors are:",
      '  - Error filling something in the template',
      '  - Error filling something in the template',
    ]);
    expect(message).toBe(
      "- Unable to render templates for job 'fake-job-name'. Errors are:\n" +
        '  - Error filling something in the template\n' +
        '  - Error filling something in the template',
    );
  });

  it('strips each template message and indents its later lines', () => {
    expect(formatJobTemplateErrors('j', ['  first\nsecond line \n'])).toBe("- Unable to render templates for job 'j'. Errors are:\n  - first\n  second line");
  });
});

describe('formatInstanceGroupErrors and formatDeploymentRenderErrors', () => {
  it('nest job messages as the integration test prints them', () => {
    const job = formatJobTemplateErrors('foobar_with_bad_properties', [
      `Error filling in template 'foobar_ctl' (line 8: Can't find property '["test_property"]')`,
    ]);
    expect(formatDeploymentRenderErrors([formatInstanceGroupErrors('foobar', [job])])).toBe(
      [
        'Unable to render instance groups for deployment. Errors are:',
        "  - Unable to render jobs for instance group 'foobar'. Errors are:",
        "    - Unable to render templates for job 'foobar_with_bad_properties'. Errors are:",
        `      - Error filling in template 'foobar_ctl' (line 8: Can't find property '["test_property"]')`,
      ].join('\n'),
    );
  });
});
