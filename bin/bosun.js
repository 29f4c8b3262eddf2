#!/usr/bin/env node
// Node marks its WASI module experimental; the embedded Ruby depends on it and the warning
// is noise for users of the CLI.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = (warning, ...args) => {
  const text = typeof warning === 'string' ? warning : warning?.message;
  if (typeof text === 'string' && text.includes('WASI')) return;
  emitWarning(warning, ...args);
};
const { main } = await import('../dist/cli/main.js');
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
