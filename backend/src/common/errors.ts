/** Error codes of Vigie's modules; the global HTTP filter maps each to a status. */
export enum ErrorCode {
  NotFound = 'not_found',
  Conflict = 'conflict',
  Validation = 'validation',
  PayloadTooLarge = 'payload_too_large',
  Backpressure = 'backpressure',
  Unavailable = 'unavailable',
  Unauthorized = 'unauthorized',
}

export class VigieError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'VigieError';
  }
}

export const HTTP_STATUS: Record<ErrorCode, number> = {
  [ErrorCode.NotFound]: 404,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.Validation]: 400,
  [ErrorCode.PayloadTooLarge]: 413,
  [ErrorCode.Backpressure]: 429,
  [ErrorCode.Unavailable]: 503,
  [ErrorCode.Unauthorized]: 401,
};
