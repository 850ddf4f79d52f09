import fc from 'fast-check';

/*
 * Request generation from the OpenAPI document the server publishes (GET /api/openapi.json), for the
 * API fuzzer in test/api/fuzz.test.ts. Three parts:
 *
 *   1. the document's operations, with $refs resolved;
 *   2. a verdict on any value against a published JSON schema: valid, invalid, or unknown where the
 *      documented normalizations (trimmed text, coerced query numbers) make the two disagree;
 *   3. fast-check arbitraries for path, query and body values: values the schema allows, boundary
 *      values, and mutations (wrong types, missing required fields, unknown and server-managed
 *      fields, out-of-range numbers, long text, unpaired surrogates, NUL, deep nesting, huge arrays).
 *
 * Values that JSON.stringify cannot write as wanted are markers (RawJson, Repeat, DeepNest), written
 * by `toJsonText` and turned into plain values by `materialize`; they print compactly in reports.
 */

export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  default?: unknown;
  description?: string;
};

export type Parameter = {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: JsonSchema;
};

export type Operation = {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** As in the document, e.g. `/api/v1/clients/{id}`. */
  path: string;
  key: string;
  pathParams: Parameter[];
  queryParams: Parameter[];
  body?: { schema: JsonSchema; contentType: string; required: boolean };
};

type OpenApiDocument = {
  paths: Record<string, Record<string, any>>;
  components?: { schemas?: Record<string, JsonSchema> };
};

export function resolveSchema(doc: OpenApiDocument, schema: JsonSchema, depth = 0): JsonSchema {
  if (depth > 30) throw new Error('schema nests too deeply');
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = doc.components?.schemas?.[name];
    if (!target) throw new Error(`unresolved ${schema.$ref}`);
    return resolveSchema(doc, target, depth + 1);
  }
  const resolved: JsonSchema = { ...schema };
  if (schema.properties) {
    resolved.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([key, value]) => [key, resolveSchema(doc, value, depth + 1)]),
    );
  }
  if (schema.items) resolved.items = resolveSchema(doc, schema.items, depth + 1);
  for (const list of ['anyOf', 'oneOf', 'allOf'] as const) {
    if (schema[list]) resolved[list] = schema[list].map((item) => resolveSchema(doc, item, depth + 1));
  }
  if (typeof schema.additionalProperties === 'object') {
    resolved.additionalProperties = resolveSchema(doc, schema.additionalProperties, depth + 1);
  }
  return resolved;
}

/** Every operation of the document. */
export function operationsOf(doc: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const upper = method.toUpperCase() as Operation['method'];
      if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(upper)) continue;
      const parameters: Parameter[] = (operation.parameters ?? []).map((parameter: any) => ({
        name: parameter.name,
        in: parameter.in,
        required: Boolean(parameter.required),
        schema: resolveSchema(doc, parameter.schema ?? {}),
      }));
      let body: Operation['body'];
      const content = operation.requestBody?.content as Record<string, { schema: JsonSchema }> | undefined;
      if (content) {
        const contentType = Object.keys(content).includes('application/json')
          ? 'application/json'
          : Object.keys(content)[0]!;
        body = {
          schema: resolveSchema(doc, content[contentType]!.schema ?? {}),
          contentType,
          required: Boolean(operation.requestBody.required),
        };
      }
      operations.push({
        method: upper,
        path,
        key: `${upper} ${path}`,
        pathParams: parameters.filter((parameter) => parameter.in === 'path'),
        queryParams: parameters.filter((parameter) => parameter.in === 'query'),
        ...(body && { body }),
      });
    }
  }
  return operations;
}

/* ------------------------------------------------------------------------------------------------
 * Markers for values JSON.stringify cannot produce, or that would print as megabytes.
 */

/** A number written exactly as given, e.g. `1e400` (Infinity once parsed), `-0`, `9007199254740993`. */
export class RawJson {
  constructor(readonly text: string) {}
  [fc.toStringMethod](): string {
    return `raw(${this.text})`;
  }
}

/** A long string: `unit` repeated `count` times. */
export class Repeat {
  constructor(
    readonly unit: string,
    readonly count: number,
  ) {}
  get value(): string {
    return this.unit.repeat(this.count);
  }
  [fc.toStringMethod](): string {
    return `${JSON.stringify(this.unit)}×${this.count}`;
  }
}

/** `depth` nested arrays (or objects under key `a`) around `leaf`. */
export class DeepNest {
  constructor(
    readonly depth: number,
    readonly kind: 'array' | 'object',
  ) {}
  get text(): string {
    return this.kind === 'array'
      ? `${'['.repeat(this.depth)}1${']'.repeat(this.depth)}`
      : `${'{"a":'.repeat(this.depth)}1${'}'.repeat(this.depth)}`;
  }
  [fc.toStringMethod](): string {
    return `${this.kind}s nested ${this.depth} deep`;
  }
}

/** `count` copies of `item`. */
export class HugeArray {
  constructor(
    readonly item: unknown,
    readonly count: number,
  ) {}
  [fc.toStringMethod](): string {
    return `[${fc.stringify(this.item)} ×${this.count}]`;
  }
}

/** The JSON text of a value holding markers; keys are written as given (`__proto__` included). */
export function toJsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (value instanceof Repeat) return JSON.stringify(value.value);
  if (value instanceof DeepNest) return value.text;
  if (value instanceof HugeArray) {
    const item = toJsonText(value.item);
    return `[${new Array(value.count).fill(item).join(',')}]`;
  }
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([key, item]) => `${JSON.stringify(key)}:${toJsonText(item)}`)
      .join(',')}}`;
  }
  if (value === undefined) return 'null';
  return JSON.stringify(value);
}

/** The value the server sees once it has parsed the JSON text (NaN and Infinity become null). */
export function materialize(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(toJsonText(value));
}

/** How deeply a value nests (markers counted without building them). */
export function nestingDepth(value: unknown): number {
  if (value instanceof DeepNest) return value.depth;
  if (value instanceof HugeArray) return 1 + nestingDepth(value.item);
  if (Array.isArray(value)) return 1 + Math.max(0, ...value.map(nestingDepth));
  if (
    value !== null &&
    typeof value === 'object' &&
    !(value instanceof RawJson) &&
    !(value instanceof Repeat)
  ) {
    return 1 + Math.max(0, ...Object.values(value).map(nestingDepth));
  }
  return 0;
}

/** Whether any string (or key) in the value holds a UTF-16 surrogate without its partner. */
export function hasLoneSurrogate(value: unknown): boolean {
  if (typeof value === 'string')
    return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value);
  if (value instanceof Repeat) return hasLoneSurrogate(value.unit);
  if (value instanceof HugeArray) return hasLoneSurrogate(value.item);
  if (Array.isArray(value)) return value.some(hasLoneSurrogate);
  if (
    value !== null &&
    typeof value === 'object' &&
    !(value instanceof RawJson) &&
    !(value instanceof DeepNest)
  ) {
    return Object.entries(value).some(([key, item]) => hasLoneSurrogate(key) || hasLoneSurrogate(item));
  }
  return false;
}

/* ------------------------------------------------------------------------------------------------
 * Verdicts: does a value conform to the published schema?
 */

export type Verdict = 'valid' | 'invalid' | 'unknown';

function all(verdicts: Verdict[]): Verdict {
  if (verdicts.includes('invalid')) return 'invalid';
  if (verdicts.includes('unknown')) return 'unknown';
  return 'valid';
}

function any(verdicts: Verdict[]): Verdict {
  if (verdicts.includes('valid')) return 'valid';
  if (verdicts.includes('unknown')) return 'unknown';
  return 'invalid';
}

/** Both readings agree → that verdict; they disagree → unknown. */
function agree(strict: boolean, lenient: boolean): Verdict {
  if (strict && lenient) return 'valid';
  if (!strict && !lenient) return 'invalid';
  return 'unknown';
}

const patternCache = new Map<string, RegExp>();
function patternOf(pattern: string): RegExp {
  let regex = patternCache.get(pattern);
  if (!regex) {
    regex = new RegExp(pattern, 'u');
    patternCache.set(pattern, regex);
  }
  return regex;
}

/** Compares exactly: a whole number read from text may be beyond 2^53 (a BigInt). */
function compare(a: number | bigint, b: number): number {
  if (typeof a === 'number') return a - b;
  if (!Number.isInteger(b)) return Number(a) - b;
  const bound = BigInt(b);
  return a < bound ? -1 : a > bound ? 1 : 0;
}

function inRange(schema: JsonSchema, value: number | bigint): boolean {
  if (schema.minimum !== undefined && compare(value, schema.minimum) < 0) return false;
  if (schema.maximum !== undefined && compare(value, schema.maximum) > 0) return false;
  if (schema.exclusiveMinimum !== undefined && compare(value, schema.exclusiveMinimum) <= 0) return false;
  if (schema.exclusiveMaximum !== undefined && compare(value, schema.exclusiveMaximum) >= 0) return false;
  return true;
}

function stringVerdict(schema: JsonSchema, value: string): Verdict {
  // Published lengths count code points (JSON Schema); the server counts UTF-16 units after trimming.
  const trimmed = value.trim();
  const lengthOk = (length: number) =>
    (schema.minLength === undefined || length >= schema.minLength) &&
    (schema.maxLength === undefined || length <= schema.maxLength);
  const verdicts: Verdict[] = [agree(lengthOk([...value].length), lengthOk(trimmed.length))];
  if (schema.pattern) {
    const regex = patternOf(schema.pattern);
    verdicts.push(agree(regex.test(value), regex.test(trimmed)));
  }
  if (schema.enum) verdicts.push(agree(schema.enum.includes(value), schema.enum.includes(trimmed)));
  return all(verdicts);
}

/** A query or path value (always text) read as a number, as the server's coercion would. */
function numericTextVerdict(schema: JsonSchema, text: string, integer: boolean): Verdict {
  if (/^-?(0|[1-9]\d*)$/.test(text)) return inRange(schema, BigInt(text)) ? 'valid' : 'invalid';
  const number = Number(text);
  if (text.trim() === '' || Number.isNaN(number)) return 'invalid';
  if (!Number.isFinite(number)) return 'invalid';
  if (integer && !Number.isInteger(number)) return 'invalid';
  if (!inRange(schema, number)) return 'invalid';
  // "1e3", "0x10", " 7 ", "1.0": not how the schema writes a number, but what coercion reads.
  return /^-?\d+(\.\d+)?$/.test(text) ? 'valid' : 'unknown';
}

/**
 * The verdict of the published schema on a value. `text` is for query and path values, which
 * arrive as strings and are coerced to the schema's type.
 */
export function verdictOf(schema: JsonSchema, value: unknown, text = false): Verdict {
  if (schema.anyOf) return any(schema.anyOf.map((branch) => verdictOf(branch, value, text)));
  if (schema.oneOf) return any(schema.oneOf.map((branch) => verdictOf(branch, value, text)));
  if (schema.allOf) return all(schema.allOf.map((branch) => verdictOf(branch, value, text)));
  const types =
    schema.type === undefined ? undefined : Array.isArray(schema.type) ? schema.type : [schema.type];
  if (!types) {
    if (schema.enum) return schema.enum.includes(value) ? 'valid' : 'invalid';
    return 'valid';
  }
  return any(types.map((type) => typedVerdict({ ...schema, type }, type, value, text)));
}

function typedVerdict(schema: JsonSchema, type: string, value: unknown, text: boolean): Verdict {
  switch (type) {
    case 'null':
      return value === null ? 'valid' : 'invalid';
    case 'boolean':
      return typeof value === 'boolean' ? 'valid' : 'invalid';
    case 'integer':
    case 'number': {
      if (text && typeof value === 'string') return numericTextVerdict(schema, value, type === 'integer');
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'invalid';
      if (type === 'integer' && !Number.isInteger(value)) return 'invalid';
      if (schema.enum && !schema.enum.includes(value)) return 'invalid';
      return inRange(schema, value) ? 'valid' : 'invalid';
    }
    case 'string':
      return typeof value === 'string' ? stringVerdict(schema, value) : 'invalid';
    case 'array': {
      if (!Array.isArray(value)) return 'invalid';
      if (schema.minItems !== undefined && value.length < schema.minItems) return 'invalid';
      if (schema.maxItems !== undefined && value.length > schema.maxItems) return 'invalid';
      return schema.items ? all(value.map((item) => verdictOf(schema.items!, item, text))) : 'valid';
    }
    case 'object': {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'invalid';
      const record = value as Record<string, unknown>;
      const verdicts: Verdict[] = [];
      for (const name of schema.required ?? []) {
        if (!Object.hasOwn(record, name)) verdicts.push('invalid');
      }
      for (const [name, item] of Object.entries(record)) {
        const property = schema.properties?.[name];
        if (property) verdicts.push(verdictOf(property, item, text));
        else if (schema.additionalProperties === false) verdicts.push('invalid');
        else if (typeof schema.additionalProperties === 'object') {
          verdicts.push(verdictOf(schema.additionalProperties, item, text));
        }
      }
      return all(verdicts);
    }
    default:
      return 'unknown';
  }
}

/* ------------------------------------------------------------------------------------------------
 * Arbitraries.
 */

/** Where generated ids and codes come from: the world's live records, by what a field names. */
export type ValueHints = {
  /** Ids for a field or parameter name (`clientId`, `ownerId`…), or undefined when it names no record. */
  idsFor(name: string): fc.Arbitrary<number> | undefined;
  /** Codes for a text field or parameter naming a catalog entry (`stage`, `currency`…). */
  codesFor(name: string): fc.Arbitrary<string> | undefined;
};

/** The boundary values every numeric field gets a share of, plus the usual suspects. */
export const boundaryNumbers: unknown[] = [
  0,
  -1,
  1,
  1e15,
  1e15 + 1,
  2 ** 31,
  2 ** 31 - 1,
  2 ** 53,
  new RawJson('9007199254740993'),
  -(2 ** 53),
  1e308,
  new RawJson('1e400'),
  new RawJson('-0'),
  new RawJson('1.0'),
  0.1,
  1.5,
  0.0005,
  -0.5,
];

/** Text no field should choke on. */
export const nastyStrings: unknown[] = [
  '',
  ' ',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  'null',
  'true',
  '0x10',
  ' 5 ',
  '-0',
  new Repeat('x', 10_000),
  new Repeat('é', 4_000),
  new Repeat('😀', 3_000),
  '\uD800',
  'a\uDC00b',
  'x\uDBFF',
  '\uDBFF\uDFFF',
  'a\u0000b',
  '\u0000',
  '\u0007bell',
  'line\nbreak',
  '\t tab ',
  '\u202Egnp.exe',
  '\uFEFFbom',
  "'; DROP TABLE clients; --",
  '" OR 1=1 --',
  '%00',
  '%',
  '\\u0000',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '😀',
  'ǅ',
];

/** Values of every JSON type, nested and huge ones included. */
export const hostileValues: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...boundaryNumbers) },
  { weight: 4, arbitrary: fc.constantFrom(...nastyStrings) },
  {
    weight: 2,
    arbitrary: fc.constantFrom<unknown>(true, false, null, [], {}, [1, 2], { a: 1 }, ['x'], [null]),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom<unknown>(
      new DeepNest(5_000, 'array'),
      new DeepNest(5_000, 'object'),
      new DeepNest(200, 'array'),
      new HugeArray(1, 300),
      new HugeArray('x', 300),
    ),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.double() },
);

const dateText = fc.oneof(
  fc
    .date({
      min: new Date('1990-01-01T00:00:00Z'),
      max: new Date('2099-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((date) => date.toISOString().slice(0, 10)),
  fc.constantFrom('2024-02-29', '2027-03-15', '2000-01-01', '0001-01-01', '9999-12-31'),
);
const badDateText = fc.constantFrom(
  '2026-02-30',
  '2026-13-01',
  '2025-02-29',
  '0000-00-00',
  '2026-1-5',
  '2026-01-01T00:00:00Z',
  '20260101',
  'today',
);

const wordText = fc.stringMatching(/^[A-Z][a-z]{1,10}( [A-Za-z][a-z]{0,10}){0,3}$/);

function textArb(name: string, schema: JsonSchema, hints: ValueHints): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const codes = hints.codesFor(name);
  if (codes) return codes;
  const max = schema.maxLength ?? 200;
  const min = schema.minLength ?? 0;
  if (schema.format === 'date') return dateText;
  if (schema.pattern) {
    const regex = patternOf(schema.pattern);
    return fc
      .stringMatching(regex, { size: 'small' })
      .filter((value) => value.length <= max && value.length >= min);
  }
  if (/email/i.test(name)) return fc.oneof(fc.emailAddress(), fc.constant('Mixed.Case@Example.TEST'));
  if (/website|url/i.test(name))
    return fc.oneof(fc.domain(), fc.webUrl(), fc.constant('https://acme.example/path?x=1'));
  if (/password/i.test(name)) return fc.string({ minLength: 10, maxLength: 40 });
  const boundary = fc.constantFrom(
    ...[
      'x'.repeat(max),
      'é'.repeat(max),
      ` ${'y'.repeat(Math.max(0, max - 1))} `,
      'x'.repeat(Math.max(min, 1)),
    ].filter((value) => value.length <= max + 2),
  );
  return fc.oneof(
    { weight: 5, arbitrary: wordText },
    { weight: 2, arbitrary: fc.string({ maxLength: Math.min(max, 40) }) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: Math.min(max, 20) }) },
    { weight: 1, arbitrary: boundary },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: Math.min(max, 20) }) },
  );
}

function numberArb(
  name: string,
  schema: JsonSchema,
  integer: boolean,
  hints: ValueHints,
): fc.Arbitrary<unknown> {
  const ids = hints.idsFor(name);
  const min =
    schema.minimum ??
    (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + (integer ? 1 : 0.001) : -1e6);
  const max = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 1e9);
  const edges = fc.constantFrom(min, max, integer ? max + 1 : max + 0.001, integer ? min - 1 : min - 0.001);
  const inside = integer
    ? fc.integer({ min: Math.max(min, Number.MIN_SAFE_INTEGER), max: Math.min(max, Number.MAX_SAFE_INTEGER) })
    : fc.oneof(
        fc.integer({ min: Math.ceil(Math.max(min, 0)), max: Math.floor(Math.min(max, 1000)) }),
        fc.integer({ min: 1, max: 1_000_000 }).map((n) => n / 1000),
        fc.double({ min, max, noNaN: true }),
      );
  const small = integer ? fc.integer({ min: Math.max(min, 0), max: Math.min(max, 100) }) : inside;
  // Near the top of a wide range (money, quantities): where products and sums overflow.
  const large =
    max >= 1e6
      ? fc.oneof(
          fc.integer({ min: Math.floor(max / 1000), max: Math.min(max, Number.MAX_SAFE_INTEGER) }),
          fc.constantFrom(max, max / 2, Math.floor(max / 3), Math.ceil(Math.sqrt(max)) + 1),
        )
      : small;
  return fc.oneof(
    ...(ids ? [{ weight: 10, arbitrary: ids as fc.Arbitrary<unknown> }] : []),
    { weight: 3, arbitrary: small },
    { weight: 2, arbitrary: inside },
    { weight: ids ? 0 : 2, arbitrary: large },
    { weight: 1, arbitrary: edges },
  );
}

export type ValueOptions = { name: string; hints: ValueHints; depth?: number };

/** Values the schema (mostly) allows, boundaries included; `name` steers ids and codes. */
export function schemaValue(schema: JsonSchema, options: ValueOptions): fc.Arbitrary<unknown> {
  const depth = options.depth ?? 0;
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) {
    const nonNull = branches.filter((branch) => branch.type !== 'null');
    const nullable = nonNull.length < branches.length;
    return fc.oneof(
      ...nonNull.map((branch) => ({ weight: 4, arbitrary: schemaValue(branch, options) })),
      ...(nullable ? [{ weight: 1, arbitrary: fc.constant(null) as fc.Arbitrary<unknown> }] : []),
    );
  }
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.length > 1) {
    return fc.oneof(...types.map((type) => schemaValue({ ...schema, type }, options)));
  }
  switch (types[0]) {
    case 'string':
      return textArb(options.name, schema, options.hints);
    case 'integer':
      return numberArb(options.name, schema, true, options.hints);
    case 'number':
      return numberArb(options.name, schema, false, options.hints);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = schema.items ?? {};
      const max = Math.min(schema.maxItems ?? 5, depth > 0 ? 2 : 4);
      const itemName = options.name.endsWith('s') ? options.name.slice(0, -1) : options.name;
      return fc.array(schemaValue(items, { ...options, name: itemName, depth: depth + 1 }), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.max(max, schema.minItems ?? 0),
      });
    }
    case 'object':
      return objectValue(schema, options);
    default:
      return fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean());
  }
}

function objectValue(schema: JsonSchema, options: ValueOptions): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const required = (schema.required ?? []).filter((key) => key in properties);
  const optional = Object.keys(properties).filter((key) => !required.includes(key));
  const depth = (options.depth ?? 0) + 1;
  const valueFor = (key: string) => schemaValue(properties[key]!, { ...options, name: key, depth });
  if (Object.keys(properties).length === 0) return fc.constant({});
  // Mostly a few optional fields at a time (each one is a chance for the whole body to be refused,
  // and a refused body tests less), now and then all of them.
  const chosen = fc.oneof(
    { weight: 5, arbitrary: fc.subarray(optional, { maxLength: Math.min(3, optional.length) }) },
    { weight: 1, arbitrary: fc.subarray(optional) },
  );
  return chosen.chain((keys) => {
    const model = Object.fromEntries([...required, ...keys].map((key) => [key, valueFor(key)]));
    return fc.record(model) as fc.Arbitrary<Record<string, unknown>>;
  });
}

/** Fields only the server writes; a body naming one must be refused (SPEC §9.1 refusals). */
export const serverManagedFields = [
  'id',
  'number',
  'version',
  'createdAt',
  'updatedAt',
  'ownerFirmId',
  'weightedAmountMinor',
  'passStatus',
  'isVendorRegistered',
];

const unknownKeys = ['extra', '__proto__', 'constructor', 'Name', 'name ', '', 'toString', 'NAME', 'a.b'];

type Mutation = (body: Record<string, unknown>) => fc.Arbitrary<unknown>;

/**
 * Bodies for an object schema: values it allows (about half), and the same with one or two
 * mutations. For non-object schemas (the union bodies of team and contacts, CSV text), the value
 * or a hostile replacement.
 */
export function bodyArbitrary(
  schema: JsonSchema,
  hints: ValueHints,
  example?: fc.Arbitrary<Record<string, unknown>>,
): fc.Arbitrary<unknown> {
  const generated = schemaValue(schema, { name: '(body)', hints });
  // A working example (rules between fields the schema cannot state) with generated fields over it.
  const valid = example
    ? fc.oneof(
        generated,
        fc
          .tuple(example, generated)
          .map(([base, extra]) => (isPlainObject(extra) ? { ...base, ...extra } : base)),
      )
    : generated;
  const isObject = schema.type === 'object' && schema.properties;
  const wholeBody = fc.oneof(
    fc.constantFrom<unknown>(
      null,
      [],
      'text',
      42,
      true,
      {},
      new DeepNest(5_000, 'array'),
      new DeepNest(5_000, 'object'),
    ),
    hostileValues,
  );
  if (!isObject) {
    return fc.oneof(
      { weight: 6, arbitrary: valid },
      { weight: 2, arbitrary: wholeBody },
      {
        weight: 2,
        arbitrary: valid.chain((value) =>
          Array.isArray(value) && value.length > 0
            ? fc.constantFrom<unknown>(new HugeArray(value[0], 300), [...value, ...value])
            : fc.constant(value),
        ),
      },
    );
  }
  const properties = Object.keys(schema.properties ?? {});
  const required = schema.required ?? [];
  const mutations: Mutation[] = [
    // A field with a hostile value (wrong type, boundary, nasty text, deep or huge).
    (body) =>
      fc
        .tuple(fc.constantFrom(...properties), hostileValues)
        .map(([key, value]) => ({ ...body, [key]: value })),
    // A field with a value for another field (a wrong type more often than not).
    (body) =>
      fc.tuple(fc.constantFrom(...properties), fc.constantFrom(...properties)).chain(([key, other]) =>
        schemaValue(schema.properties![other]!, { name: other, hints }).map((value) => ({
          ...body,
          [key]: value,
        })),
      ),
    // An unknown field.
    (body) =>
      fc
        .tuple(fc.constantFrom(...unknownKeys), fc.oneof(fc.string({ maxLength: 5 }), fc.integer()))
        .map(([key, value]) => ({ ...body, [key]: value })),
    // A field only the server sets.
    (body) =>
      fc
        .tuple(
          fc.constantFrom(...serverManagedFields),
          fc.oneof(fc.integer({ min: 1, max: 100 }), fc.constant('OPP-1')),
        )
        .map(([key, value]) => ({ ...body, [key]: value })),
    // An array field with 300 items.
    (body) => {
      const arrays = properties.filter((key) => {
        const property = schema.properties![key]!;
        return property.type === 'array' || property.anyOf?.some((branch) => branch.type === 'array');
      });
      if (arrays.length === 0) return fc.constant(body);
      return fc.constantFrom(...arrays).chain((key) => {
        const property = schema.properties![key]!;
        const arraySchema =
          property.type === 'array' ? property : property.anyOf!.find((branch) => branch.type === 'array')!;
        return schemaValue(arraySchema.items ?? {}, { name: key.replace(/s$/, ''), hints }).map((item) => ({
          ...body,
          [key]: new HugeArray(item, 300),
        }));
      });
    },
  ];
  if (required.length > 0) {
    // A required field left out.
    mutations.push((body) =>
      fc.constantFrom(...required).map((key) => {
        const { [key]: _, ...rest } = body;
        return rest;
      }),
    );
  }
  const mutated = (body: Record<string, unknown>, times: number): fc.Arbitrary<unknown> =>
    times === 0
      ? fc.constant(body)
      : fc
          .constantFrom(...mutations)
          .chain((mutation) => mutation(body))
          .chain((next) =>
            next !== null && typeof next === 'object' && !Array.isArray(next)
              ? mutated(next as Record<string, unknown>, times - 1)
              : fc.constant(next),
          );
  return fc.oneof(
    { weight: 10, arbitrary: valid },
    {
      weight: 8,
      arbitrary: fc
        .tuple(valid as fc.Arbitrary<Record<string, unknown>>, fc.integer({ min: 1, max: 2 }))
        .chain(([body, times]) => mutated(body, times)),
    },
    { weight: 1, arbitrary: wholeBody },
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** One query parameter as sent: a name and a value, or raw text written as is (`limit`, `%zz`). */
export type QueryPart = { name: string; value: string | Repeat } | { raw: string };

export function queryText(parts: readonly QueryPart[]): string {
  return parts
    .map((part) =>
      'raw' in part
        ? part.raw
        : `${encodeURIComponent(part.name)}=${encodeURIComponent(part.value instanceof Repeat ? part.value.value : part.value)}`,
    )
    .join('&');
}

const hostileQueryText: fc.Arbitrary<string | Repeat> = fc.oneof(
  fc.constantFrom<string | Repeat>(
    '',
    ' ',
    '-1',
    '0',
    '1e3',
    '0x10',
    '1.5',
    '9007199254740993',
    '1e400',
    'NaN',
    'Infinity',
    'true',
    'nope',
    'abc',
    '2147483648',
    '1000000000000001',
    '\uD800',
    'x\u0001y',
    ',,,',
    'qualify,,nope',
    'USD',
    'usd',
    new Repeat('x', 10_000),
    new Repeat('😀', 300),
    '%',
    '2026-02-30',
  ),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
);

/** Query strings for an operation's parameters: valid values, hostile ones, unknown and repeated names. */
export function queryArbitrary(
  parameters: readonly Parameter[],
  hints: ValueHints,
): fc.Arbitrary<QueryPart[]> {
  if (parameters.length === 0) {
    return fc.oneof(
      { weight: 8, arbitrary: fc.constant<QueryPart[]>([]) },
      { weight: 1, arbitrary: fc.constant<QueryPart[]>([{ name: 'extra', value: '1' }]) },
    );
  }
  const valueFor = (parameter: Parameter): fc.Arbitrary<string | Repeat> =>
    fc.oneof(
      {
        weight: 6,
        arbitrary: schemaValue(parameter.schema, { name: parameter.name, hints }).map((value) =>
          value instanceof Repeat ? value : typeof value === 'string' ? value : toJsonText(value),
        ),
      },
      { weight: 2, arbitrary: hostileQueryText },
      ...(parameter.schema.format === 'date' ? [{ weight: 1, arbitrary: badDateText }] : []),
    );
  const one = fc
    .constantFrom(...parameters)
    .chain((parameter) => valueFor(parameter).map((value): QueryPart => ({ name: parameter.name, value })));
  const required = parameters.filter((parameter) => parameter.required);
  return fc
    .tuple(
      fc
        .tuple(...required.map((parameter) => valueFor(parameter)))
        .map((values) => values.map((value, index): QueryPart => ({ name: required[index]!.name, value }))),
      fc.array(one, { maxLength: 4 }),
      fc.oneof(
        { weight: 10, arbitrary: fc.constant<QueryPart[]>([]) },
        {
          weight: 1,
          arbitrary: fc.constantFrom<QueryPart[]>(
            [{ name: 'extra', value: '1' }],
            [{ raw: 'limit' }],
            [{ raw: '%zz=1' }],
            [{ raw: 'q=%E0%A4%A' }],
            [{ raw: '&&' }],
            [{ name: 'constructor', value: 'x' }],
            [{ name: '__proto__', value: 'x' }],
            [{ name: 'limit[]', value: '1' }],
          ),
        },
      ),
      // Now and then a required parameter left out, or a parameter given twice.
      fc.constantFrom<'keep' | 'drop' | 'repeat'>('keep', 'keep', 'keep', 'keep', 'drop', 'repeat'),
      one,
    )
    .map(([needed, chosen, extra, twist, again]) => {
      const kept = twist === 'drop' && needed.length > 0 ? needed.slice(1) : needed;
      const parts = [...kept, ...chosen, ...extra];
      const first = parts.find((part): part is Extract<QueryPart, { name: string }> => 'name' in part);
      if (twist === 'repeat')
        parts.push(first ? { name: first.name, value: 'value' in again ? again.value : '' } : again, again);
      return parts;
    });
}
