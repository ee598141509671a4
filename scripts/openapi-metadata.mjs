// Writes bff/src/metadata.ts: what @nestjs/swagger's CLI plugin reads from the controllers and DTOs (return types,
// properties), for SwaggerModule.loadPluginMetadata. We build with `tsc -b`, not nest-cli, so the plugin runs here in
// its metadata mode. `--check` writes nothing and fails when the committed file differs (the staleness test calls it).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bff = join(root, 'bff');
const require = createRequire(join(root, 'package.json'));
// one TypeScript for the program, the plugin's visitors and the printer (the CLI loads it from the working
// directory; its own dependency is another major, whose syntax kinds would not match)
process.chdir(root);
const ts = require('typescript');
const { ReadonlyVisitor } = require('@nestjs/swagger/plugin');
const FILENAME = 'metadata.ts';
const target = join(bff, 'src', FILENAME);

function program() {
  const configPath = join(bff, 'tsconfig.json');
  const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); } });
  const files = config.fileNames.filter((file) => !file.endsWith(`/src/${FILENAME}`));
  // nodenext, as bff/tsconfig.json: the plugin writes import("./x.js"), what Node's import() of the built file needs
  const options = { ...config.options, noEmit: true, composite: false, incremental: false };
  return ts.createProgram({ rootNames: files, options, projectReferences: config.projectReferences });
}

/** import("./x") → import("./x.js"): under nodenext the built file's dynamic imports need the extension. */
function withJsExtension(specifier) {
  return /^\.\.?\//.test(specifier) && !/\.(m?js|c?js|m?ts|c?ts|json|node)$/i.test(specifier) ? `${specifier}.js` : specifier;
}

function rewriteImportCall(expression) {
  const visit = (node) => {
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteralLike(node.arguments[0])) {
      const [specifier, ...rest] = node.arguments;
      return ts.factory.updateCallExpression(node, node.expression, node.typeArguments, [ts.factory.createStringLiteral(withJsExtension(specifier.text)), ...rest]);
    }
    return ts.visitEachChild(node, visit, undefined);
  };
  return visit(expression);
}

/** `{ "<section>": [[import("./x.js"), { … }], …] }` or a nested object of the same, as a TypeScript literal. */
function property(name, value) {
  const key = ts.factory.createStringLiteral(name);
  if (Array.isArray(value)) {
    return ts.factory.createPropertyAssignment(
      key,
      ts.factory.createArrayLiteralExpression(value.map(([importExpression, meta]) => ts.factory.createArrayLiteralExpression([importExpression, objectOf(meta)]))),
    );
  }
  return ts.factory.createPropertyAssignment(key, ts.isObjectLiteralExpression(value) ? value : objectOf(value));
}
const objectOf = (meta) => ts.factory.createObjectLiteralExpression(Object.keys(meta).map((key) => property(key, meta[key])));

/**
 * What Nest's CLI does for `nest build` with the Swagger plugin's metadata mode, without the CLI (its schematics need
 * Node ≥ 22): run the plugin's visitors over every source file, then print `export default async () => { const t = {…};
 * return {…}; }` with the type imports the visitors collected.
 */
function generate(outputDir) {
  const visitor = new ReadonlyVisitor({ pathToSource: join(bff, 'src'), classValidatorShim: true, introspectComments: false, dtoFileNameSuffix: ['.dto.ts', '.schemas.ts', '.entity.ts', '/pagination.ts'], controllerFileNameSuffix: ['.controller.ts'] });
  const tsProgram = program();
  for (const sourceFile of tsProgram.getSourceFiles()) if (!sourceFile.isDeclarationFile) visitor.visit(tsProgram, sourceFile);
  const metadata = { [visitor.key]: visitor.collect() };
  const typeImports = { ...visitor.typeImports };
  for (const sections of Object.values(metadata)) {
    for (const tuples of Object.values(sections)) {
      if (!Array.isArray(tuples)) continue;
      for (const tuple of tuples) tuple[0] = rewriteImportCall(tuple[0]);
    }
  }
  for (const key of Object.keys(typeImports)) {
    typeImports[key] = typeImports[key].replace(/import\((['"])((?:\\\1|(?!\1).)*)\1\)/g, (_, quote, specifier) => `import(${quote}${withJsExtension(specifier)}${quote})`);
  }
  const imports = ts.factory.createVariableStatement(
    undefined,
    ts.factory.createVariableDeclarationList(
      [
        ts.factory.createVariableDeclaration(
          ts.factory.createIdentifier('t'),
          undefined,
          undefined,
          ts.factory.createObjectLiteralExpression(
            Object.keys(typeImports).map((name) => ts.factory.createPropertyAssignment(ts.factory.createComputedPropertyName(ts.factory.createStringLiteral(name)), ts.factory.createIdentifier(typeImports[name]))),
            true,
          ),
        ),
      ],
      ts.NodeFlags.Const | ts.NodeFlags.AwaitContext | ts.NodeFlags.ContextFlags | ts.NodeFlags.TypeExcludesFlags,
    ),
  );
  const exported = ts.factory.createExportAssignment(
    undefined,
    undefined,
    ts.factory.createArrowFunction(
      [ts.factory.createToken(ts.SyntaxKind.AsyncKeyword)],
      undefined,
      [],
      undefined,
      ts.factory.createToken(ts.SyntaxKind.EqualsGreaterThanToken),
      ts.factory.createBlock([imports, ts.factory.createReturnStatement(objectOf(metadata))], true),
    ),
  );
  const printed = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed }).printNode(ts.EmitHint.Unspecified, exported, ts.createSourceFile('file.ts', '', ts.ScriptTarget.Latest, false, ts.ScriptKind.TS));
  writeFileSync(join(outputDir, FILENAME), printed);
}

if (process.argv.includes('--check')) {
  const dir = mkdtempSync(join(tmpdir(), 'openapi-metadata-'));
  try {
    generate(dir);
    const fresh = readFileSync(join(dir, FILENAME), 'utf8');
    if (fresh !== readFileSync(target, 'utf8')) {
      console.error(`bff/src/${FILENAME} is stale: run \`npm run openapi:metadata\` and commit it`);
      process.exit(1);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
} else {
  generate(join(bff, 'src'));
  console.log(`wrote bff/src/${FILENAME}`);
}
