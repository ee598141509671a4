import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { ErrorEnvelopeFilter } from './common/error-envelope.filter';
import { createValidationPipe } from './common/validation';
import type { AppConfig } from './config/app-config';

/** Builds the whole BFF (used by main.ts and by the e2e tests, so both run the same pipeline). */
export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bufferLogs: true, rawBody: true });
  app.useLogger(app.get(Logger));
  app.useBodyParser('json', { limit: '64kb' });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ErrorEnvelopeFilter());
  app.enableShutdownHooks();
  app.disable('x-powered-by');

  const h5 = resolve(config.H5_DIST_DIR);
  if (existsSync(h5)) {
    // the built H5 app (consumer and merchant pages) from the same origin as the API
    app.useStaticAssets(h5, { prefix: '/app/', index: 'index.html' });
    app.getHttpAdapter().get('/', (_request: unknown, response: unknown) => app.getHttpAdapter().redirect(response, 302, '/app/'));
  }

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('JuCard BFF')
      .setDescription('聚卡 prepaid e-card platform. Money is integer fen; every error has the envelope {statusCode, code, message, messageZh}.')
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
