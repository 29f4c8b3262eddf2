#!/usr/bin/env node
// Node marks its WASI module experimental; the embedded Ruby depends on it and the warning
// is noise for users of the CLI.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = (warning, ...args) => {
  const text = typeof warning === 'string' ? warning : warning?.message;
  if (typeof text === 'string' && text.includes('WASI')) return;
  emitWarning(warning, ...args);
};
// A closed pipe (`bosun tasks | head`) ends the command quietly, as other command-line tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}
const io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env };
const [command, ...rest] = process.argv.slice(2);
// The agent and the Director are separate programs sharing one binary; the CLI never
// imports them (DESIGN: agent, Director and CLI share only `protocol`).
if (command === 'agent') {
  const { agentMain } = await import('../dist/agent/main.js');
  process.exitCode = await agentMain(rest, io);
} else if (command === 'director') {
  const { directorMain } = await import('../dist/director/main.js');
  process.exitCode = await directorMain(rest, io);
} else {
  const { main } = await import('../dist/cli/main.js');
  process.exitCode = await main(process.argv.slice(2), io);
}
