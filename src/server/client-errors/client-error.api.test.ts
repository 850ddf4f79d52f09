import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, engines, type TestContext } from '../../../test/support/test-app.ts';
import { clientErrorLimits } from '../../core/contract/client-errors.ts';
import { clientErrorRateLimit } from './client-error.routes.ts';

type LogLine = { level: number; msg: string; clientError?: Record<string, unknown> };

const report = {
  message: "Cannot read properties of null (reading 'value')",
  stack: "TypeError: Cannot read properties of null (reading 'value')\n    at ClientForm.tsx:87:60",
  url: 'http://127.0.0.1:3000/clients?open=contacts',
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0',
};

describe.each(engines)('error reports of the web app on %s', (engine) => {
  let t: TestContext;
  const lines: LogLine[] = [];
  let address = 0;
  /** Each test reports from its own address, so the limit of one never counts another's reports. */
  const post = (payload: unknown, headers: Record<string, string> = {}, remoteAddress = nextAddress()) =>
    t.request({
      method: 'POST',
      url: '/api/v1/client-errors',
      payload: payload as object,
      headers,
      remoteAddress,
    });
  const nextAddress = () => {
    address += 1;
    return `192.0.2.${address}`;
  };
  const reported = () => lines.filter((line) => line.clientError !== undefined);

  beforeAll(async () => {
    t = await createTestContext(
      engine,
      { logLevel: 'info' },
      { logStream: { write: (line) => void lines.push(JSON.parse(line) as LogLine) } },
    );
  });
  afterAll(() => t.close());

  it('logs a report sent without signing in at error level and answers 204', async () => {
    lines.length = 0;
    const response = await post(report);
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
    expect(reported()).toEqual([
      expect.objectContaining({
        level: 50,
        msg: 'the web app reported an error',
        clientError: { ...report, userId: null, firmId: null },
      }),
    ]);
  });

  it('names the signed-in user who ran into it, and takes a report without stack or browser', async () => {
    lines.length = 0;
    const firm = await t.firm();
    const seller = await t.user({ firm, role: 'seller' });
    const response = await post(
      { message: 'Invalid time value', url: 'http://127.0.0.1:3000/clients/7' },
      { authorization: `Bearer ${seller.token}` },
    );
    expect(response.statusCode).toBe(204);
    expect(reported()).toEqual([
      expect.objectContaining({
        level: 50,
        clientError: {
          message: 'Invalid time value',
          url: 'http://127.0.0.1:3000/clients/7',
          userId: seller.id,
          firmId: firm.id,
        },
      }),
    ]);
  });

  it('refuses an oversize or malformed report with 400 naming the field, and logs nothing', async () => {
    lines.length = 0;
    const longer = (field: keyof typeof clientErrorLimits) => ({
      ...report,
      [field]: 'x'.repeat(clientErrorLimits[field] + 1),
    });
    const cases: [unknown, string][] = [
      [longer('message'), 'message'],
      [longer('stack'), 'stack'],
      [longer('url'), 'url'],
      [longer('userAgent'), 'userAgent'],
      [{ ...report, message: '   ' }, 'message'],
      [{ ...report, message: 42 }, 'message'],
      [{ stack: report.stack, url: report.url }, 'message'],
      [{ message: report.message }, 'url'],
      [{ ...report, level: 'fatal' }, 'level'],
    ];
    for (const [payload, field] of cases) {
      const response = await post(payload);
      expect(response.statusCode, JSON.stringify(payload).slice(0, 80)).toBe(400);
      expect(response.data.error.code).toBe('VALIDATION_FAILED');
      expect(response.data.error.details.fields.map((each: { field: string }) => each.field)).toContain(
        field,
      );
    }
    const notJson = await t.request({
      method: 'POST',
      url: '/api/v1/client-errors',
      payload: '{"message": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(notJson.statusCode).toBe(400);
    expect(reported()).toEqual([]);
  });

  it('takes reports of exactly the longest size', async () => {
    const longest = {
      message: 'm'.repeat(clientErrorLimits.message),
      stack: 's'.repeat(clientErrorLimits.stack),
      url: 'u'.repeat(clientErrorLimits.url),
      userAgent: 'a'.repeat(clientErrorLimits.userAgent),
    };
    expect((await post(longest)).statusCode).toBe(204);
  });

  it('limits how many reports one address sends a minute (429 with Retry-After), and logs no more', async () => {
    lines.length = 0;
    const from = nextAddress();
    for (let count = 0; count < clientErrorRateLimit.max; count += 1) {
      expect((await post(report, {}, from)).statusCode).toBe(204);
    }
    const refused = await post(report, {}, from);
    expect(refused.statusCode).toBe(429);
    expect(refused.data.error.code).toBe('RATE_LIMITED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(reported()).toHaveLength(clientErrorRateLimit.max);
    // Another address is not held back.
    expect((await post(report)).statusCode).toBe(204);
  });

  it('is described in the OpenAPI document with its bounds', async () => {
    const document = (await t.request({ method: 'GET', url: '/api/openapi.json' })).data;
    const operation = document.paths['/api/v1/client-errors'].post;
    expect(Object.keys(operation.responses).sort()).toEqual(['204', '400', '429']);
    const schema = operation.requestBody.content['application/json'].schema;
    const body = schema.$ref
      ? document.components.schemas[String(schema.$ref).split('/').pop() as string]
      : schema;
    expect(body.required.sort()).toEqual(['message', 'url']);
    expect(body.properties.message.maxLength).toBe(clientErrorLimits.message);
    expect(body.additionalProperties).toBe(false);
  });
});
