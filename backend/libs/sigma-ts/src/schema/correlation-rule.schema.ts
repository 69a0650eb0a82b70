/**
 * JSON schema (draft-07 subset, validated with ajv) of the Sigma specification: Sigma Meta rule specification V2.1.0 (2025-07-25).
 * Derived from the public-domain Sigma specification; descriptions removed.
 */
export const correlationRuleSchema = {
  type: 'object',
  required: ['title', 'correlation'],
  properties: {
    title: {
      type: 'string',
      maxLength: 256,
    },
    id: {
      type: 'string',
      format: 'uuid',
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
    taxonomy: {
      type: 'string',
      maxLength: 256,
    },
    correlation: {
      type: 'object',
      required: ['type', 'rules', 'timespan'],
      properties: {
        type: {
          type: 'string',
          maxLength: 16,
          oneOf: [
            {
              const: 'event_count',
            },
            {
              const: 'temporal',
            },
            {
              const: 'temporal_ordered',
            },
            {
              const: 'value_count',
            },
            {
              const: 'value_sum',
            },
            {
              const: 'value_avg',
            },
            {
              const: 'value_percentile',
            },
          ],
        },
        rules: {
          uniqueItems: true,
          anyOf: [
            {
              type: 'array',
              items: {
                anyOf: [
                  {
                    type: 'string',
                    minLength: 2,
                  },
                  {
                    type: 'string',
                    format: 'uuid',
                  },
                ],
              },
            },
          ],
        },
        aliases: {
          type: 'object',
          additionalProperties: {
            anyOf: [
              {
                type: 'object',
                items: {
                  type: 'string',
                },
              },
            ],
          },
        },
        'group-by': {
          type: 'array',
          uniqueItems: true,
          items: {
            type: 'string',
          },
        },
        timespan: {
          type: 'string',
          maxLength: 10,
        },
        condition: {
          type: 'object',
          uniqueItems: true,
          minItems: 1,
          maxItems: 3,
          anyOf: [
            {
              gt: {
                type: 'integer',
              },
            },
            {
              gte: {
                type: 'integer',
              },
            },
            {
              lt: {
                type: 'integer',
              },
            },
            {
              lte: {
                type: 'integer',
              },
            },
            {
              eq: {
                type: 'integer',
              },
            },
            {
              neq: {
                type: 'integer',
              },
            },
            {
              field: {
                anyOf: [
                  {
                    type: 'string',
                    maxLength: 256,
                  },
                  {
                    type: 'array',
                    items: {
                      type: 'string',
                      maxLength: 256,
                    },
                  },
                ],
              },
            },
          ],
        },
      },
      allOf: [
        {
          if: {
            properties: {
              type: {
                const: 'event_count',
              },
            },
          },
          then: {
            required: ['condition', 'group-by', 'timespan'],
          },
        },
        {
          if: {
            properties: {
              type: {
                const: 'temporal',
              },
            },
          },
          then: {
            required: ['group-by', 'timespan'],
          },
        },
        {
          if: {
            properties: {
              type: {
                const: 'temporal_ordered',
              },
            },
          },
          then: {
            required: ['group-by', 'timespan'],
          },
        },
        {
          if: {
            properties: {
              type: {
                const: 'value_count',
              },
            },
          },
          then: {
            condition: {
              type: 'object',
              properties: {
                field: {
                  type: 'string',
                },
              },
              required: ['field'],
            },
            required: ['condition', 'group-by', 'timespan'],
          },
        },
        {
          if: {
            properties: {
              type: {
                const: 'value_sum',
              },
            },
          },
          then: {
            condition: {
              type: 'object',
              properties: {
                field: {
                  type: 'string',
                },
              },
              required: ['field'],
            },
            required: ['condition', 'group-by', 'timespan'],
          },
        },
        {
          if: {
            properties: {
              type: {
                const: 'value_avg',
              },
            },
          },
          then: {
            condition: {
              type: 'object',
              properties: {
                field: {
                  type: 'string',
                },
              },
              required: ['field'],
            },
            required: ['condition', 'group-by', 'timespan'],
          },
        },
        {
          if: {
            properties: {
              type: {
                const: 'value_percentile',
              },
            },
          },
          then: {
            condition: {
              type: 'object',
              properties: {
                field: {
                  type: 'string',
                },
              },
              required: ['field'],
            },
            required: ['condition', 'group-by', 'timespan'],
          },
        },
      ],
    },
    falsepositives: {
      uniqueItems: true,
      anyOf: [
        {
          type: 'string',
          minLength: 2,
        },
        {
          type: 'array',
          items: {
            type: 'string',
            minLength: 2,
          },
        },
      ],
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
    generate: {
      type: 'boolean',
    },
  },
} as const;
