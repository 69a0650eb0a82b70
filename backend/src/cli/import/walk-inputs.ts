/**
 * Expands the CLI's file and directory arguments into the files to read: directories are walked recursively
 * (hidden entries skipped, names sorted so the order is stable); unreadable paths are reported, not thrown.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface InputFile {
  path: string;
  size: number;
  mtimeMs: number;
}

export interface ExpandedInputs {
  files: InputFile[];
  errors: { path: string; reason: string }[];
}

export function expandInputs(args: string[]): ExpandedInputs {
  const out: ExpandedInputs = { files: [], errors: [] };
  const visit = (path: string, top: boolean): void => {
    let st;
    try {
      st = statSync(path);
    } catch (err) {
      out.errors.push({
        path,
        reason:
          (err as NodeJS.ErrnoException).code === 'ENOENT'
            ? 'no such file or directory'
            : (err as Error).message,
      });
      return;
    }
    if (st.isDirectory()) {
      let names: string[];
      try {
        names = readdirSync(path).sort();
      } catch (err) {
        out.errors.push({ path, reason: `cannot list directory: ${(err as Error).message}` });
        return;
      }
      for (const n of names) if (!n.startsWith('.')) visit(join(path, n), false);
    } else if (st.isFile()) out.files.push({ path, size: st.size, mtimeMs: Math.trunc(st.mtimeMs) });
    else if (top) out.errors.push({ path, reason: 'not a regular file or directory' });
  };
  for (const a of args) visit(resolve(a), true);
  return out;
}
