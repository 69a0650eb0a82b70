import type { LoggerService } from '@nestjs/common';
import { childLogger } from './logger.js';

/** Routes NestJS's own log lines into pino, so every line of the process is structured. */
export class NestPinoLogger implements LoggerService {
  private readonly pino = childLogger('nest');

  log(message: unknown, context?: string) {
    this.pino.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.pino.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.pino.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.pino.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.pino.trace({ context }, String(message));
  }
}
