import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { useTestApp } from '../support/app-hooks';

interface Schema {
  $ref?: string;
  type?: string;
  properties?: Record<string, unknown>;
  items?: Schema;
  allOf?: Schema[];
}
interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch']);
const ROOT = join(__dirname, '..', '..', '..');

function operations(document: Document): { id: string; path: string; operation: Operation }[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.has(method))
      .map(([method, operation]) => ({ id: `${method.toUpperCase()} ${path}`, path, operation })),
  );
}

const successes = (operation: Operation) => Object.entries(operation.responses ?? {}).filter(([status]) => /^2\d\d$/.test(status));

/** The fields a schema documents: through a $ref, an array's items, or an allOf (a page of items). */
function fieldsOf(document: Document, schema: Schema | undefined): string[] {
  if (!schema) return [];
  if (schema.$ref) return fieldsOf(document, document.components.schemas[schema.$ref.replace('#/components/schemas/', '')]);
  if (schema.type === 'array') return fieldsOf(document, schema.items);
  return [...Object.keys(schema.properties ?? {}), ...(schema.allOf ?? []).flatMap((part) => fieldsOf(document, part))];
}

describe('the OpenAPI document (/docs-json)', () => {
  const t = useTestApp();
  let document: Document;

  beforeAll(async () => {
    document = (await t.http.get('/docs-json').expect(200)).body as Document;
  });

  it('should document an answer with its fields on every open API v1 operation', () => {
    const open = operations(document).filter((o) => o.path.startsWith('/open/v1/'));
    expect(open.map((o) => o.id)).toEqual(expect.arrayContaining(['GET /open/v1/cards/{cardNo}', 'GET /open/v1/members', 'POST /open/v1/topup-orders']));
    const undocumented = open
      .filter((o) => !successes(o.operation).some(([, response]) => fieldsOf(document, response.content?.['application/json']?.schema).length > 0))
      .map((o) => o.id);
    expect(undocumented).toEqual([]);
  });

  it('should document a success answer on every other operation, most with the type the route returns', () => {
    const all = operations(document);
    expect(all.length).toBeGreaterThan(100);
    expect(all.filter((o) => successes(o.operation).length === 0).map((o) => o.id)).toEqual([]);
    // Nest adds a bare 200/201 to every route by itself; the plugin's metadata adds the returned type (an object for
    // an interface view). Without it 7 of 116 had one; the few left are 204s, redirects, files and CSV.
    const typed = all.filter((o) => successes(o.operation).some(([, response]) => response.content !== undefined));
    expect(typed.length / all.length).toBeGreaterThan(0.8);
  });

  it('should have bff/src/metadata.ts as the Swagger plugin reads the code today (npm run openapi:metadata)', () => {
    // exits 1 with a sentence when the committed file differs from a fresh generation
    expect(() => execFileSync(process.execPath, [join(ROOT, 'scripts', 'openapi-metadata.mjs'), '--check'], { cwd: ROOT, stdio: 'pipe', timeout: 120_000 })).not.toThrow();
  }, 120_000);
});
