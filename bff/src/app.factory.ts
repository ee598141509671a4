import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance, RawServerDefault } from 'fastify';
import { UPLOAD_MAX_BYTES } from '@jucard/shared';
import { AppModule } from './app.module';
import metadata from './metadata';
import { createRootLogger, logRequests, PinoNestLogger } from './common/logging';
import { isMemberCodePoll } from './core.module';
import { DomainError } from './common/domain-error';
import { ErrorEnvelopeFilter, frameworkErrorHandler } from './common/error-envelope.filter';
import { hasBearer, helmetOptions, isOpsPath, securityHeaders } from './common/http-security';
import { assertJsonDepth } from './common/json-body';
import { createValidationPipe } from './common/validation';
import type { AppConfig } from './config/app-config';
import { UPLOAD_ROUTE } from './files/files.controller';
import { Metrics } from './metrics/metrics';

const BODY_LIMIT = 64 * 1024;
// channel notifications are 1–4 KB (UnionPay's carries its signing certificate); anything bigger is not one
const NOTIFY_BODY_LIMIT = 16 * 1024;
// an image of UPLOAD_MAX_BYTES as base64 in JSON, with room for the envelope
const UPLOAD_BODY_LIMIT = Math.ceil((UPLOAD_MAX_BYTES * 4) / 3) + 4 * 1024;
const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** A well-formed X-Request-Id is kept (a caller's trace), anything else replaced. */
function requestIdOf(raw: IncomingMessage): string {
  const given = raw.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/** Builds the whole BFF (used by main.ts and by the e2e tests, so both run the same pipeline). */
export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT,
    genReqId: requestIdOf,
    logger: false,
    // request.ip is the client's address behind TRUST_PROXY proxies (the n-th hop from the right of X-Forwarded-For)
    trustProxy: config.TRUST_PROXY > 0 ? (_address: string, hop: number) => hop < config.TRUST_PROXY : false,
    frameworkErrors: frameworkErrorHandler,
  });
  const fastify = adapter.getInstance<FastifyInstance>();
  addHttpHooks(fastify, config);

  const logger = createRootLogger({ level: config.LOG_LEVEL, format: config.logFormat });
  logRequests(fastify, logger, {
    ignore: (request) => request.url === '/health' || request.url === '/health/live' || request.url === '/metrics',
    // the member-code page asks every 1.5 s while a code is shown: a line per poll would drown the log
    quiet: isMemberCodePoll,
  });

  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, { bufferLogs: true, rawBody: true });
  app.useLogger(new PinoNestLogger(logger));
  // no limit of their own, so each route's bodyLimit applies (Nest's defaults would pin the global one)
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser<RawServerDefault>('application/json', {}, (request, body, done) => {
    try {
      assertJsonDepth(body);
    } catch (error) {
      done(error as DomainError, undefined);
      return;
    }
    void parseJson(request, body.toString('utf8'), done);
  });
  app.useBodyParser('application/x-www-form-urlencoded', {});
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ErrorEnvelopeFilter());
  app.enableShutdownHooks();

  const metrics = app.get(Metrics);
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.observe(request.method, request.routeOptions.url, reply.statusCode, reply.elapsedTime);
    done();
  });

  const h5 = resolve(config.H5_DIST_DIR);
  if (existsSync(h5)) {
    // the built H5 app (consumer and merchant pages) from the same origin as the API
    app.useStaticAssets({ root: h5, prefix: '/app/', index: 'index.html', decorateReply: false });
    fastify.get('/', (_request, reply) => reply.redirect('/app/', 302));
  }

  // what the Swagger plugin read from the types (return types, DTO fields): scripts/openapi-metadata.mjs writes it
  await SwaggerModule.loadPluginMetadata(metadata);
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('JuCard BFF')
      .setDescription('聚卡 prepaid e-card platform. Money is integer fen; every error has the envelope {statusCode, code, message, messageZh, requestId}.')
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}

/** What every request gets before routing: its id echoed, no caching of API answers, the ops token, notify limits; a stop's last answers close their connections. */
function addHttpHooks(fastify: FastifyInstance, config: AppConfig): void {
  const security = securityHeaders(helmetOptions(resolve(config.H5_DIST_DIR)));
  const opsToken = config.OPS_ENDPOINTS_TOKEN;
  const opsGuarded = config.NODE_ENV === 'production' || opsToken !== undefined;
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.headers(security).header('x-request-id', request.id);
    // API answers carry tokens and personal data; only the H5 app's files may be cached
    if (!request.url.startsWith('/app/')) void reply.header('cache-control', 'no-store');
    if (opsGuarded && isOpsPath(request.url) && !(opsToken && hasBearer(request.headers.authorization, opsToken))) {
      done(new DomainError('UNAUTHENTICATED', 'operations token required'));
      return;
    }
    done();
  });
  // a stop lets the requests in flight finish; their answers close their connections, or a kept-alive client (a
  // channel's notifier, a proxy) would hold the stop until the keep-alive timeout, 72 s
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) void reply.header('connection', 'close');
    done(null, payload);
  });
  fastify.addHook('onRoute', (route) => {
    // anonymous senders: bound what one unverified notification can make us read and store
    if (route.url.startsWith('/payments/notify/')) route.bodyLimit = NOTIFY_BODY_LIMIT;
    if (route.url === UPLOAD_ROUTE && route.method === 'POST') route.bodyLimit = UPLOAD_BODY_LIMIT;
  });
}
