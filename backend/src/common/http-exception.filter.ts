import { randomUUID } from 'node:crypto';
import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { HTTP_STATUS, VigieError } from './errors.js';
import { childLogger } from './logger.js';

/** Maps error codes to HTTP answers; anything unexpected becomes a 500 with a correlation id in the log. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly log = childLogger('http');

  catch(err: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (err instanceof VigieError) {
      const status = HTTP_STATUS[err.code];
      if ((status === 429 || status === 503) && typeof err.details?.retry_after_seconds === 'number') {
        res.setHeader('Retry-After', String(err.details.retry_after_seconds));
      }
      res.status(status).json({ error: { code: err.code, message: err.message, ...(err.details ?? {}) } });
      return;
    }
    const bodyParserError = err as { type?: string; status?: number; message?: string };
    if (bodyParserError?.type === 'entity.too.large') {
      res.status(413).json({ error: { code: 'payload_too_large', message: bodyParserError.message } });
      return;
    }
    if (err instanceof HttpException) {
      res.status(err.getStatus()).json({ error: { code: 'http', message: err.message } });
      return;
    }
    const correlationId = randomUUID();
    this.log.error({ correlationId, err: (err as Error)?.stack ?? String(err) }, 'unexpected error');
    res
      .status(500)
      .json({ error: { code: 'internal', message: 'internal error', correlation_id: correlationId } });
  }
}
