import { Logger } from '@nestjs/common';
import Fastify from 'fastify';
import { createRootLogger, logRequests, PinoNestLogger } from './logging';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const destination = { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) };
  return { lines, logger: createRootLogger({ level: 'debug', format: 'json' }, destination) };
}

describe('PinoNestLogger', () => {
  it('should write a Nest logger line with its context and message', () => {
    const { lines, logger } = capture();
    const sut = new PinoNestLogger(logger);
    sut.warn('rollup behind', 'Ledger');
    expect(lines).toEqual([expect.objectContaining({ level: 40, msg: 'rollup behind', context: 'Ledger' })]);
  });

  it('should merge an object given first and keep the text after it as the message', () => {
    const { lines, logger } = capture();
    new PinoNestLogger(logger).error({ requestId: 'r-1', err: new Error('boom') }, 'POST /x failed', 'Errors');
    expect(lines[0]).toEqual(expect.objectContaining({ level: 50, msg: 'POST /x failed', context: 'Errors', requestId: 'r-1' }));
    expect((lines[0]?.err as { message: string } | undefined)?.message).toBe('boom');
  });

  it('should keep a stack trace as a field, not as the message', () => {
    const { lines, logger } = capture();
    const error = new Error('down');
    new PinoNestLogger(logger).error('payout failed', error.stack, 'Payouts');
    expect(lines[0]).toEqual(expect.objectContaining({ msg: 'payout failed', context: 'Payouts', stack: error.stack }));
  });

  it('should serve Nest Logger instances once registered', () => {
    const { lines, logger } = capture();
    Logger.overrideLogger(new PinoNestLogger(logger));
    new Logger('Settlement').log('settlement run 7 completed');
    Logger.overrideLogger(false);
    expect(lines.at(-1)).toEqual(expect.objectContaining({ level: 30, msg: 'settlement run 7 completed', context: 'Settlement' }));
  });

  it('should skip levels below the configured one without formatting', () => {
    const lines: unknown[] = [];
    const logger = createRootLogger({ level: 'warn', format: 'json' }, { write: (line: string) => void lines.push(line) });
    new PinoNestLogger(logger).debug({ expensive: true }, 'noise');
    expect(lines).toEqual([]);
  });
});

describe('logRequests', () => {
  it('should write one line per answer with id, method, URL and status, and name the request on lines written inside it', async () => {
    const { lines, logger } = capture();
    const app = Fastify({ genReqId: () => 'req-42' });
    logRequests(app, logger, { ignore: (r) => r.url === '/health', quiet: (r) => r.url.startsWith('/poll') });
    const nest = new PinoNestLogger(logger);
    app.post('/things', async (request) => {
      nest.log('handling a thing', 'Things');
      return request.body;
    });
    app.get('/health', async () => 'ok');
    app.get('/poll', async () => 'ok');
    await app.inject({ method: 'POST', url: '/things', payload: { a: 1 }, headers: { authorization: 'Bearer secret', 'user-agent': 'till/1' } });
    await app.inject({ method: 'GET', url: '/health' });
    await app.inject({ method: 'GET', url: '/poll' });
    await app.close();

    expect(lines[0]).toEqual(expect.objectContaining({ msg: 'handling a thing', context: 'Things', reqId: 'req-42' }));
    expect(lines[1]).toEqual(
      expect.objectContaining({ level: 30, msg: 'request completed', req: expect.objectContaining({ id: 'req-42', method: 'POST', url: '/things', userAgent: 'till/1' }), res: { statusCode: 200 } }),
    );
    expect(JSON.stringify(lines)).not.toContain('secret');
    // /health is not logged; the poll is, at debug
    expect(lines.slice(2)).toEqual([expect.objectContaining({ level: 20, req: expect.objectContaining({ url: '/poll' }) })]);
  });
});
