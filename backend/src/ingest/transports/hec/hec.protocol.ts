/** Splunk HTTP Event Collector answers: the exact `text`/`code` pairs and statuses Splunk sends. */
export interface HecReply {
  status: number;
  body: { text: string; code: number; 'invalid-event-number'?: number };
}

const reply = (status: number, code: number, text: string, invalidEvent?: number): HecReply => ({
  status,
  body: invalidEvent === undefined ? { text, code } : { text, code, 'invalid-event-number': invalidEvent },
});

export const Hec = {
  success: () => reply(200, 0, 'Success'),
  tokenRequired: () => reply(401, 2, 'Token is required'),
  invalidAuthorization: () => reply(401, 3, 'Invalid authorization'),
  invalidToken: () => reply(403, 4, 'Invalid token'),
  noData: () => reply(400, 5, 'No data'),
  invalidDataFormat: (event: number) => reply(400, 6, 'Invalid data format', event),
  internalError: () => reply(500, 8, 'Internal server error'),
  serverBusy: () => reply(503, 9, 'Server is busy'),
  eventFieldRequired: (event: number) => reply(400, 12, 'Event field is required', event),
  eventFieldBlank: (event: number) => reply(400, 13, 'Event field cannot be blank', event),
  ackDisabled: () => reply(400, 14, 'ACK is disabled'),
  healthy: () => reply(200, 17, 'HEC is healthy'),
  unhealthy: () => reply(503, 18, 'HEC is unhealthy, queues are full'),
  tooLarge: () => reply(413, 6, 'Invalid data format'),
} as const;
