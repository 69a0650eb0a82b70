/**
 * JSON schema (draft-07 subset, validated with ajv) of the Sigma specification: Sigma rule specification V2.0.0 (2024-08-08).
 * Derived from the public-domain Sigma specification; descriptions removed.
 */
export const detectionRuleSchema = {
  type: 'object',
  required: ['title', 'logsource', 'detection'],
  properties: {
    title: {
      type: 'string',
      maxLength: 256,
    },
    id: {
      type: 'string',
      format: 'uuid',
    },
    related: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'type'],
        properties: {
          id: {
            type: 'string',
            format: 'uuid',
          },
          type: {
            type: 'string',
            oneOf: [
              {
                const: 'derived',
              },
              {
                const: 'obsolete',
              },
              {
                const: 'merged',
              },
              {
                const: 'renamed',
              },
              {
                const: 'similar',
              },
            ],
          },
        },
      },
    },
    name: {
      type: 'string',
      maxLength: 256,
    },
    taxonomy: {
      type: 'string',
      maxLength: 256,
    },
    status: {
      type: 'string',
      oneOf: [
        {
          const: 'stable',
        },
        {
          const: 'test',
        },
        {
          const: 'experimental',
        },
        {
          const: 'deprecated',
        },
        {
          const: 'unsupported',
        },
      ],
    },
    license: {
      type: 'string',
    },
    author: {
      type: 'string',
    },
    references: {
      type: 'array',
      uniqueItems: true,
      items: {
        type: 'string',
      },
    },
    date: {
      type: 'string',
      pattern: '^\\d{4}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])$',
    },
    modified: {
      type: 'string',
      pattern: '^\\d{4}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])$',
    },
    logsource: {
      type: 'object',
      properties: {
        category: {
          type: 'string',
        },
        product: {
          type: 'string',
        },
        service: {
          type: 'string',
        },
        definition: {
          type: 'string',
        },
      },
    },
    detection: {
      type: 'object',
      required: ['condition'],
      additionalProperties: {
        anyOf: [
          {
            type: 'array',
            items: {
              anyOf: [
                {
                  type: 'string',
                },
                {
                  type: 'integer',
                },
                {
                  type: 'object',
                  items: {
                    type: 'string',
                  },
                },
              ],
            },
          },
          {
            type: 'object',
            items: {
              type: 'string',
            },
          },
        ],
      },
      properties: {
        condition: {
          type: 'string',
        },
      },
    },
    fields: {
      type: 'array',
      uniqueItems: true,
      items: {
        type: 'string',
      },
    },
    falsepositives: {
      uniqueItems: true,
      type: 'array',
      items: {
        type: 'string',
        minLength: 2,
      },
    },
    level: {
      type: 'string',
      oneOf: [
        {
          const: 'informational',
        },
        {
          const: 'low',
        },
        {
          const: 'medium',
        },
        {
          const: 'high',
        },
        {
          const: 'critical',
        },
      ],
    },
    tags: {
      type: 'array',
      uniqueItems: true,
      items: {
        type: 'string',
        pattern: '^[a-z0-9_-]+\\.[a-z0-9._-]+$',
      },
    },
    scope: {
      type: 'array',
      items: {
        type: 'string',
        minLength: 2,
      },
    },
  },
} as const;
