// @ts-check
// Values for the fuzz: plausible ones from an OpenAPI schema, and the odd ones a client (or an attacker) sends.

/** Anything a JSON field can be made to hold in place of what the schema asks. */
export const BAD_VALUES = [
  null, '', ' ', -1, 0, 0.5, -0.01, 1.0000001, 1e21, 2 ** 53 + 2, 1e308, -1e308, 2 ** 63, '100', '１００', 'NaN', 'Infinity',
  true, false, [], [1, 2], [{}], {}, { $gt: 0 }, JSON.parse('{"__proto__":{"admin":true}}'), 'x'.repeat(10_000), '卡😀ñ\u202e\u0000',
  '\u0000', "'; DROP TABLE cards;--", '<script>alert(1)</script>', '../../etc/passwd', '%00', '${7*7}', '2026-02-30', '9999-99-99',
  '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff',
];

/** Path segments: odd ones first; ids of another tenant and random UUIDs are added by the caller. */
export const BAD_SEGMENTS = [
  'null', 'undefined', '0', '-1', '1e309', '99999999999999999999999', '1.5', 'true', '[]', '{}', ' ', '%20', '%00', '%', '%zz', '%E5%8D%A1',
  encodeURIComponent('卡号😀'), encodeURIComponent('\u202e'), '..', '%2e%2e', '%2F', encodeURIComponent("' OR 1=1 --"), '$%7B7*7%7D',
  'a'.repeat(300), 'A'.repeat(4000), '00000000-0000-0000-0000-000000000000', 'FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF', '2026-02-30',
  '2026-13-01', '1970-01-01', '9999-12-31', '20261125', 'csv', 'topups', 'redemptions', 'WECHATPAY', 'wechatpay', 'alipay', 'unionpay',
  '123456789012345678', '6200000000000000001', 'x.csv',
];

/** Query values; each may also be sent repeated (an array) or in bracket syntax (an object). */
export const BAD_QUERY = [
  '', 'abc', '-1', '0', '1e309', '99999999999999999999', '1.5', 'null', '[]', '{}', 'true', '2026-02-30', '2026-11-25', '1900-01-01',
  '9999-12-31', encodeURIComponent('卡😀'), '%', '%zz', 'a'.repeat(2000), '00000000-0000-0000-0000-000000000000',
];

/** Bodies that are not what any route expects, by content type. */
export function oddBodies(rng) {
  const depth = rng.pick([64, 500, 2_000, 10_000]);
  return [
    { type: 'application/json', body: '' },
    { type: 'application/json', body: 'null' },
    { type: 'application/json', body: '[]' },
    { type: 'application/json', body: '"text"' },
    { type: 'application/json', body: '12345678901234567890' },
    { type: 'application/json', body: '{' },
    { type: 'application/json', body: '{"a":' },
    { type: 'application/json', body: "{'a':1}" },
    { type: 'application/json', body: '{"a":1,}' },
    { type: 'application/json', body: '{"a":1,"a":{"b":2}}' },
    { type: 'application/json', body: '\uFEFF{}' },
    { type: 'application/json', body: Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0x80]) },
    { type: 'application/json', body: '['.repeat(depth) + ']'.repeat(depth) },
    { type: 'application/json', body: '{"a":'.repeat(depth) + '1' + '}'.repeat(depth) },
    { type: 'application/json', body: '{"__proto__":{"admin":true},"constructor":{"prototype":{"admin":true}}}' },
    { type: 'application/json', body: JSON.stringify({ pad: 'x'.repeat(70_000) }) },
    { type: 'application/json; charset=utf-16', body: '{}' },
    { type: 'text/plain', body: '{"amountFen":100}' },
    { type: 'application/x-www-form-urlencoded', body: 'amountFen=100&storeId[a]=b&x=%zz' },
    { type: 'multipart/form-data; boundary=zz', body: '--zz\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--zz--' },
    { type: 'application/xml', body: '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>' },
    { type: undefined, body: '{"a":1}' },
  ];
}

/**
 * A plausible value for `schema` (OpenAPI 3, $refs resolved through `doc`): enums, examples, UUIDs of another
 * tenant, small positive amounts. Plausible, not valid: the fuzz never owns the ids it sends.
 */
export function plausible(doc, schema, rng, ids, depth = 0) {
  const s = resolve(doc, schema);
  if (!s || depth > 6) return 'x';
  if (s.allOf) return Object.assign({}, ...s.allOf.map((part) => plausible(doc, part, rng, ids, depth + 1)));
  if (s.oneOf || s.anyOf) return plausible(doc, rng.pick(s.oneOf ?? s.anyOf), rng, ids, depth + 1);
  if (s.enum) return rng.pick(s.enum);
  if (s.example !== undefined && rng.chance(0.6)) return s.example;
  switch (s.type) {
    case 'integer':
    case 'number':
      return rng.pick([1, 100, 1_000, 50_000, s.minimum ?? 1, s.maximum ?? 100]);
    case 'boolean':
      return rng.chance(0.5);
    case 'array':
      return Array.from({ length: 1 + rng.int(2) }, () => plausible(doc, s.items ?? {}, rng, ids, depth + 1));
    case 'object':
    case undefined:
      if (!s.properties) return {};
      return Object.fromEntries(
        Object.entries(s.properties)
          .filter(([key]) => (s.required ?? []).includes(key) || rng.chance(0.5))
          .map(([key, prop]) => [key, plausible(doc, prop, rng, ids, depth + 1)]),
      );
    default:
      if (s.format === 'uuid' || /id$/i.test(s.description ?? '')) return rng.chance(0.7) ? rng.pick(ids.uuids) : rng.uuid();
      if (s.format === 'date-time') return new Date(Date.UTC(2026, rng.int(12), 1 + rng.int(28))).toISOString();
      return rng.pick([`FUZZ-${rng.alnum(12)}`, '2026-11-25', rng.pick(ids.uuids), '123456789012345678', '演练']);
  }
}

export function resolve(doc, schema) {
  let s = schema;
  for (let i = 0; s?.$ref && i < 10; i++) s = s.$ref.replace(/^#\//, '').split('/').reduce((node, key) => node?.[key], doc);
  return s;
}

/** Replaces one field (at any depth) of a plausible body with an odd value, or deletes it, or adds a stranger. */
export function mutate(body, rng) {
  if (body === null || typeof body !== 'object') return rng.pick(BAD_VALUES);
  const copy = structuredClone(body);
  const holders = [];
  const walk = (node, d) => {
    if (node && typeof node === 'object' && d < 5) {
      holders.push(node);
      for (const child of Object.values(node)) walk(child, d + 1);
    }
  };
  walk(copy, 0);
  const node = rng.pick(holders);
  const keys = Object.keys(node);
  const roll = rng.int(10);
  if (roll === 0 || keys.length === 0) node[rng.pick(['extra', 'merchantId', 'role', 'balanceFen', 'id', 'status'])] = rng.pick(BAD_VALUES);
  else if (roll === 1) delete node[rng.pick(keys)];
  else node[rng.pick(keys)] = rng.pick(BAD_VALUES);
  return copy;
}
