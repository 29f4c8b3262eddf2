#!/usr/bin/env node
// Copies the non-TypeScript files that the compiled code loads at run time (the Ruby side of
// the template renderer) next to it in dist/.
import { cpSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
cpSync(join(root, 'src/templates/ruby'), join(root, 'dist/templates/ruby'), { recursive: true });
