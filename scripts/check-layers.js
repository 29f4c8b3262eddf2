#!/usr/bin/env node
// Enforces the dependency direction of DESIGN.md's layout:
//   base, yaml <- release, monit, manifest, protocol <- templates, cpi <- agent, director, cli
// A folder may import its own files, any folder of a lower layer, and (from outside) only
// another folder's index.ts. The agent, Director and CLI never import each other.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, dirname, resolve, sep } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const src = join(root, 'src');
const layerOf = {
  base: 0, yaml: 1, // yaml may use base's errors
  release: 2, monit: 2, manifest: 2, protocol: 2,
  templates: 3, cpi: 3,
  agent: 4, director: 4, cli: 4,
};

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else if (path.endsWith('.ts')) yield path;
  }
}

const problems = [];
for (const file of walk(src)) {
  const from = relative(src, file).split(sep)[0];
  if (!(from in layerOf)) {
    problems.push(`${relative(root, file)}: folder '${from}' is not in DESIGN.md's layout`);
    continue;
  }
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]/g)) {
    const target = resolve(dirname(file), m[1]);
    const rel = relative(src, target);
    if (rel.startsWith('..')) continue;
    const to = rel.split(sep)[0];
    if (to === from) continue;
    const line = text.slice(0, m.index).split('\n').length;
    const where = `${relative(root, file)}:${line}`;
    if (!(to in layerOf)) problems.push(`${where}: imports unknown folder '${to}'`);
    else if (layerOf[to] >= layerOf[from]) problems.push(`${where}: '${from}' may not import '${to}' (layer direction of DESIGN.md)`);
    else if (rel !== `${to}${sep}index.js` && rel !== `${to}${sep}index.ts`) problems.push(`${where}: import '${to}' through its index.ts, not '${m[1]}'`);
  }
}
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
