/** Global flags that take a value, as bosh-cli accepts them before the command. */
const VALUE_FLAGS = new Set(['-e', '--environment', '--client', '--client-secret', '-d', '--deployment']);
const BOOLEAN_FLAGS = new Set(['--json', '--debug', '-n', '--non-interactive']);

/**
 * Moves global flags given before the command behind it, so that `bosun -e URL releases`
 * and `bosun releases -e URL` mean the same.
 */
export function hoistGlobalFlags(argv: readonly string[]): string[] {
  const hoisted: string[] = [];
  let i = 0;
  while (i < argv.length) {
    const arg = argv[i]!;
    const name = arg.split('=')[0]!;
    if (VALUE_FLAGS.has(name) && !arg.includes('=') && i + 1 < argv.length) {
      hoisted.push(arg, argv[i + 1]!);
      i += 2;
    } else if (VALUE_FLAGS.has(name) || BOOLEAN_FLAGS.has(arg)) {
      hoisted.push(arg);
      i += 1;
    } else break;
  }
  if (i === 0 || i >= argv.length) return [...argv];
  return [argv[i]!, ...hoisted, ...argv.slice(i + 1)];
}
