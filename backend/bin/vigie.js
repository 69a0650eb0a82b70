#!/usr/bin/env node
// Runs the TypeScript CLI through tsx (same sources as the server; no build step needed).
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
await import('../src/cli/main.ts');
