/**
 * JSON schema (draft-07 subset, validated with ajv) of the Sigma specification: Sigma Global Filter specification V2.0.0 (2024-08-08).
 * Derived from the public-domain Sigma specification; descriptions removed.
 */
export const filterRuleSchema = {
  type: 'object',
  required: ['title', 'logsource', 'filter'],
  properties: {
    title: {
      type: 'string',
      maxLength: 256,
    },
    id: {
      type: 'string',
      format: 'uuid',
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
      },
    },
    filter: {
      type: 'object',
      required: ['rules', 'selection', 'condition'],
      properties: {
        rules: {
          type: 'array',
          minItems: 1,
          uniqueItems: true,
          items: {
            type: 'string',
          },
        },
        selection: {
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
                  },
                ],
              },
            },
            {
              type: 'object',
            },
          ],
        },
        condition: {
          type: 'string',
        },
      },
    },
  },
} as const;
