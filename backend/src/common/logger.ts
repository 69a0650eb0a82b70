import pino, { type Logger } from 'pino';

let root: Logger | undefined;

/** The process-wide structured logger (JSON lines on stderr, so CLI stdout stays machine-readable). */
export function logger(): Logger {
  root ??= pino(
    {
      level: process.env.LOG_LEVEL ?? 'info',
      base: { service: 'vigie' },
      redact: ['*.password', '*.apiKey', '*.token'],
    },
    pino.destination(2),
  );
  return root;
}

export function childLogger(module: string): Logger {
  return logger().child({ module });
}
