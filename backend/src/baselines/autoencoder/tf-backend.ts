/**
 * TensorFlow.js backend selection: `@tensorflow/tfjs-node` (native TensorFlow) when its binary loads, else the
 * WebAssembly backend (wasm files resolved from the installed package, so it works offline), else the pure-JS `cpu`
 * backend. Selected once per process; `tfBackendInfo()` tells which one is in use and why the others were skipped.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { childLogger } from '../../common/logger.js';

export type TfBackendName = 'tensorflow' | 'wasm' | 'cpu';

export interface TfBackendInfo {
  /** The backend every model of this process runs on. */
  name: TfBackendName;
  /** Backends tried before it, with the reason they were not used. */
  skipped: { name: TfBackendName; reason: string }[];
}

let selected: Promise<TfBackendInfo> | undefined;
let current: TfBackendInfo | undefined;

const reasonOf = (err: unknown) =>
  (err instanceof Error ? err.message : String(err)).split('\n')[0].slice(0, 300);

async function tryNode(): Promise<void> {
  // A variable specifier: the package is optional (its native binary is often absent) and has no types here.
  const specifier = '@tensorflow/tfjs-node';
  await import(/* @vite-ignore */ specifier);
  if (!(await tf.setBackend('tensorflow')))
    throw new Error('tfjs-node loaded but the "tensorflow" backend did not initialise');
}

async function tryWasm(): Promise<void> {
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  setWasmPaths(`${dir}/`);
  if (!(await tf.setBackend('wasm')))
    throw new Error(`the wasm backend did not initialise (wasm files from ${dir})`);
}

async function select(prefer?: TfBackendName): Promise<TfBackendInfo> {
  const order: [TfBackendName, () => Promise<void>][] = [
    ['tensorflow', tryNode],
    ['wasm', tryWasm],
    ['cpu', async () => void (await tf.setBackend('cpu'))],
  ];
  const start = prefer ? order.findIndex(([n]) => n === prefer) : 0;
  const skipped: TfBackendInfo['skipped'] = order
    .slice(0, Math.max(0, start))
    .map(([name]) => ({ name, reason: 'not preferred' }));
  for (const [name, attempt] of order.slice(Math.max(0, start))) {
    try {
      await attempt();
      await tf.ready();
      if (tf.getBackend() !== name) throw new Error(`tf.getBackend() is ${tf.getBackend()}`);
      const info = { name, skipped };
      childLogger('baselines.autoencoder').info({ backend: name, skipped }, `TensorFlow.js backend: ${name}`);
      return info;
    } catch (err) {
      skipped.push({ name, reason: reasonOf(err) });
    }
  }
  throw new Error(
    `no TensorFlow.js backend could be initialised: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`,
  );
}

/**
 * Selects the backend (once; later calls return the same answer). `TFJS_BACKEND=wasm|cpu` (or `prefer`) starts the
 * search further down the list, e.g. to compare backends.
 */
export function ensureTfBackend(prefer?: TfBackendName): Promise<TfBackendInfo> {
  selected ??= select(prefer ?? (process.env.TFJS_BACKEND as TfBackendName | undefined)).then(
    (info) => (current = info),
  );
  return selected;
}

/** The selected backend, or undefined before `ensureTfBackend()` resolved. */
export function tfBackendInfo(): TfBackendInfo | undefined {
  return current;
}
