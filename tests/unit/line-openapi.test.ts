// Tests for the OpenAPI validation helper: the real LINE spec (when present) and the schema conversion.
import { describe, expect, it } from 'vitest';
import { openApiAvailable, validateOpenApi, webhookOpenApiAvailable } from '../helpers/line-openapi.ts';
import { convertSchemas } from '../helpers/line-openapi-convert.ts';

const bubble = (contents: unknown[]) => ({
  type: 'bubble',
  body: { type: 'box', layout: 'vertical', contents },
});
const flexMessage = (contents: unknown[]) => ({ type: 'flex', altText: 'alt', contents: bubble(contents) });

describe('validateOpenApi against messaging-api.yml', () => {
  it.skipIf(!openApiAvailable)('accepts a valid text message, reply and push request', () => {
    const message = { type: 'text', text: 'こんにちは' };
    expect(validateOpenApi('Message', message)).toEqual([]);
    expect(validateOpenApi('TextMessage', message)).toEqual([]);
    expect(validateOpenApi('ReplyMessageRequest', { replyToken: 'abc', messages: [message] })).toEqual([]);
    expect(validateOpenApi('PushMessageRequest', { to: 'U123', messages: [message] })).toEqual([]);
  });

  it.skipIf(!openApiAvailable)('accepts a full flex message with nested boxes and actions', () => {
    const value = flexMessage([
      { type: 'text', text: '春日市', weight: 'bold', size: 'xl' },
      {
        type: 'box',
        layout: 'horizontal',
        contents: [
          { type: 'image', url: 'https://example.com/a.png' },
          { type: 'button', action: { type: 'uri', label: 'Open', uri: 'https://example.com' } },
          { type: 'button', action: { type: 'postback', label: 'Go', data: 'action=x', displayText: 'Go' } },
        ],
      },
    ]);
    expect(validateOpenApi('Message', value)).toEqual([]);
    expect(validateOpenApi('FlexMessage', value)).toEqual([]);
  });

  it.skipIf(!openApiAvailable)('rejects a flex component with a bogus type, naming where', () => {
    const errors = validateOpenApi('Message', flexMessage([{ type: 'bogus', text: 'x' }]));
    expect(errors.join('\n')).toMatch(
      /\/contents\/body\/contents\/0\/type must be equal to one of the allowed values/,
    );
  });

  it.skipIf(!openApiAvailable)('validates each subtype against its own schema (allOf included)', () => {
    // FlexBox requires layout and contents; reached only through FlexComponent's discriminator.
    expect(validateOpenApi('Message', flexMessage([{ type: 'box', contents: [] }])).join('\n')).toMatch(
      /must have required property 'layout'/,
    );
    // The base Message properties (quickReply) are checked through the subtype's allOf.
    const quickReply = {
      items: Array.from({ length: 14 }, () => ({ type: 'action', action: { type: 'camera', label: 'c' } })),
    };
    expect(validateOpenApi('Message', { type: 'text', text: 'x', quickReply }).join('\n')).toMatch(
      /quickReply\/items/,
    );
    expect(validateOpenApi('Message', { type: 'text' }).join('\n')).toMatch(/required property 'text'/);
    expect(validateOpenApi('Message', { type: 'fax' }).join('\n')).toMatch(/\/type must be equal to one of/);
    const badAction = flexMessage([
      { type: 'button', action: { type: 'postback', label: 'x', data: 'd'.repeat(301) } },
    ]);
    expect(validateOpenApi('Message', badAction).join('\n')).toMatch(
      /action\/data must NOT have more than 300/,
    );
    expect(
      validateOpenApi('FlexMessage', { type: 'flex', altText: 'a', contents: { type: 'poster' } }),
    ).not.toEqual([]);
  });

  it.skipIf(!openApiAvailable)('checks formats such as uri and enums', () => {
    expect(validateOpenApi('Message', flexMessage([{ type: 'image', url: 'not a url' }])).join('\n')).toMatch(
      /url must match format "uri"/,
    );
    expect(
      validateOpenApi('Message', flexMessage([{ type: 'box', layout: 'diagonal', contents: [] }])),
    ).not.toEqual([]);
  });

  it.skipIf(!openApiAvailable)('validates a rich menu request', () => {
    const menu = {
      size: { width: 2500, height: 843 },
      selected: true,
      name: 'main',
      chatBarText: 'メニュー',
      areas: [
        {
          bounds: { x: 0, y: 0, width: 1250, height: 843 },
          action: { type: 'postback', data: 'action=menu' },
        },
      ],
    };
    expect(validateOpenApi('RichMenuRequest', menu)).toEqual([]);
    expect(validateOpenApi('RichMenuRequest', { ...menu, chatBarText: 'x'.repeat(15) }).join('\n')).toMatch(
      /chatBarText/,
    );
  });

  it.skipIf(!openApiAvailable)('compiles every component schema and refuses unknown names', () => {
    for (const name of [
      'Message',
      'FlexContainer',
      'FlexComponent',
      'Action',
      'Template',
      'Recipient',
      'Filter',
    ]) {
      expect(() => validateOpenApi(name, {})).not.toThrow();
    }
    expect(() => validateOpenApi('NoSuchSchema', {})).toThrow(/no schema NoSuchSchema/);
  });

  it.skipIf(!webhookOpenApiAvailable)('can validate webhook payloads too', () => {
    expect(
      validateOpenApi('CallbackRequest', { destination: `U${'0'.repeat(32)}`, events: [] }, 'webhook'),
    ).toEqual([]);
    expect(validateOpenApi('CallbackRequest', { events: [] }, 'webhook').join('\n')).toMatch(/destination/);
  });
});

describe('convertSchemas (OpenAPI 3.0 → JSON Schema)', () => {
  const defs = convertSchemas({
    Pet: {
      type: 'object',
      required: ['kind'],
      properties: {
        kind: { type: 'string' },
        nick: { type: 'string', nullable: true },
        externalDocs: { type: 'string' },
      },
      discriminator: { propertyName: 'kind', mapping: { cat: '#/components/schemas/Cat' } },
      externalDocs: { url: 'https://example.com' },
    },
    Cat: {
      allOf: [
        { $ref: '#/components/schemas/Pet' },
        { required: ['lives'], properties: { lives: { type: 'integer' } } },
      ],
    },
    Day: { type: 'string', format: '^[0-9]{8}$', enum: ['20250101'], nullable: true },
  });

  it('turns nullable into a null type and enum member', () => {
    expect(defs.Day).toEqual({ type: ['string', 'null'], pattern: '^[0-9]{8}$', enum: ['20250101', null] });
  });

  it('keeps property names that look like keywords and drops annotations', () => {
    const base = defs.Pet__base as { properties: Record<string, unknown>; externalDocs?: unknown };
    expect(Object.keys(base.properties)).toEqual(['kind', 'nick', 'externalDocs']);
    expect(base.externalDocs).toBeUndefined();
    expect(base.properties.nick).toEqual({ type: ['string', 'null'] });
  });

  it('dispatches a discriminated base to each mapped subtype without looping', () => {
    const dispatch = { if: { required: ['kind'], properties: { kind: { const: 'cat' } } } };
    expect(defs.Pet).toEqual({
      allOf: [
        { $ref: '#/$defs/Pet__base' },
        { required: ['kind'], properties: { kind: { enum: ['cat'] } } },
        // biome-ignore lint/suspicious/noThenProperty: `then` is the JSON Schema keyword
        { ...dispatch, then: { $ref: '#/$defs/Cat' } },
      ],
    });
    expect((defs.Cat as { allOf: unknown[] }).allOf[0]).toEqual({ $ref: '#/$defs/Pet__base' });
  });
});
