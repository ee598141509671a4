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
const { PluginMetadataGenerator } = await import(
  createRequire(join(bff, 'package.json')).resolve('@nestjs/cli/lib/compiler/plugins/plugin-metadata-generator.js')
);

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

function generate(outputDir) {
  const file = join(outputDir, FILENAME);
  new PluginMetadataGenerator().generate({
    visitors: [new ReadonlyVisitor({ pathToSource: join(bff, 'src'), classValidatorShim: true, introspectComments: false, dtoFileNameSuffix: ['.dto.ts', '.schemas.ts', '.entity.ts', '/pagination.ts'], controllerFileNameSuffix: ['.controller.ts'] })],
    outputDir,
    filename: FILENAME,
    tsProgramRef: program(),
    printDiagnostics: false,
  });
  // the printer disables eslint for the file, which has nothing to disable (an unused directive fails our lint)
  writeFileSync(file, readFileSync(file, 'utf8').replace(/^\/\* eslint-disable \*\/\n/, ''));
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
