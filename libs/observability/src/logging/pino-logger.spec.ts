import { mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT_CODES, StartupError } from '#core';
import { levelsUpTo } from './log-levels.js';
import { LogSink } from './log-sink.js';
import { type LogFormat, PinoLogger } from './pino-logger.js';

describe('PinoLogger', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'portico-log-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function logTo(file: string, format: LogFormat = 'json', levels = levelsUpTo('verbose')): Promise<PinoLogger> {
    return new PinoLogger({ sink: await LogSink.file(file, 'logging.destination'), format, levels });
  }

  function records(file: string): Record<string, unknown>[] {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  it('writes one JSON object per line: level word, ISO time, pid, hostname, context, msg', async () => {
    const file = join(dir, 'gateway.log');
    const logger = await logTo(file);
    logger.log('listening', 'DataPlane');
    logger.verbose('details', 'DataPlane');
    logger.warn({ api: 'Pets:1.0', count: 2 }, 'Deploy');
    await logger.close();
    const [info, trace, warn] = records(file);
    expect(info).toEqual({ level: 'info', time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), pid: process.pid, hostname: hostname(), context: 'DataPlane', msg: 'listening' });
    expect(trace).toMatchObject({ level: 'trace', context: 'DataPlane', msg: 'details' });
    expect(warn).toMatchObject({ level: 'warn', context: 'Deploy', api: 'Pets:1.0', count: 2 });
    expect(readFileSync(file, 'utf8')).not.toContain('\u001b');
  });

  it("puts Nest's error stack, or an Error, in err, and tells a context from a stack", async () => {
    const file = join(dir, 'gateway.log');
    const logger = await logTo(file);
    const stack = 'Error: boom\n    at run (/app/x.js:1:2)';
    logger.error('failed', stack, 'Admin');
    logger.error('no stack', undefined, 'Admin');
    logger.error('only a context', 'Admin');
    logger.fatal(new Error('crashed'), 'Portico');
    await logger.close();
    const [withStack, withoutStack, contextOnly, fatal] = records(file);
    expect(withStack).toMatchObject({ level: 'error', context: 'Admin', msg: 'failed', err: { stack } });
    expect(withoutStack).not.toHaveProperty('err');
    expect(withoutStack).toMatchObject({ context: 'Admin', msg: 'no stack' });
    expect(contextOnly).toMatchObject({ context: 'Admin', msg: 'only a context' });
    expect(fatal).toMatchObject({ level: 'fatal', context: 'Portico', msg: 'crashed', err: { type: 'Error', message: 'crashed' } });
  });

  it("leaves a StartupError to whoever catches it, rather than logging Nest's ExceptionHandler copy", async () => {
    const file = join(dir, 'gateway.log');
    const logger = await logTo(file);
    logger.error(new StartupError('backendJwt.keys[0].keyFile x.pem is not a PEM private key', EXIT_CODES.config), 'ExceptionHandler');
    logger.error(new Error('a provider failed'), 'ExceptionHandler');
    await logger.close();
    const written = records(file);
    expect(written).toHaveLength(1);
    expect(written[0]).toMatchObject({ context: 'ExceptionHandler', msg: 'a provider failed' });
  });

  it('redacts secret fields at any depth pino paths reach, and scrubs secrets in messages and stacks', async () => {
    const file = join(dir, 'gateway.log');
    const logger = await logTo(file);
    logger.warn(
      { headers: { authorization: 'Basic YWRtaW46YWRtaW4=', cookie: 's=1', 'x-api-key': 'k' }, req: { headers: { 'set-cookie': ['a=b'] } }, backend: { credentials: { password: 'p', clientSecret: 'c' } }, apikey: 'k2', token: 't' },
      'Upstream',
    );
    logger.warn('calling with Authorization: Bearer abc.DEF.ghi and ?api_key=123', 'Upstream');
    logger.error('failed', 'Error: password=hunter2\n    at f (x.js:1:1)', 'Upstream');
    await logger.close();
    const text = readFileSync(file, 'utf8');
    for (const secret of ['YWRtaW46YWRtaW4=', 's=1', '"k"', 'a=b', '"p"', '"c"', 'k2', '"t"', 'abc.DEF.ghi', '123', 'hunter2']) expect(text).not.toContain(secret);
    const [fields, message, stack] = records(file);
    expect(fields).toMatchObject({
      headers: { authorization: '[REDACTED]', cookie: '[REDACTED]', 'x-api-key': '[REDACTED]' },
      req: { headers: { 'set-cookie': '[REDACTED]' } },
      backend: { credentials: { password: '[REDACTED]', clientSecret: '[REDACTED]' } },
      apikey: '[REDACTED]',
      token: '[REDACTED]',
    });
    expect(message.msg).toBe('calling with Authorization: Bearer [REDACTED] and ?api_key=[REDACTED]');
    expect(stack.err).toEqual({ stack: 'Error: password=[REDACTED]\n    at f (x.js:1:1)' });
  });

  it('writes only the enabled levels, but audit records always', async () => {
    const file = join(dir, 'gateway.log');
    const logger = await logTo(file, 'json', ['error']);
    logger.log('hidden');
    logger.warn('hidden');
    logger.error('shown');
    logger.audit({ type: 'audit', action: 'login' }, 'login success');
    logger.setLogLevels(['error', 'warn']);
    logger.warn('shown after setLogLevels');
    await logger.close();
    expect(records(file).map((r) => [r.level, r.msg])).toEqual([
      ['error', 'shown'],
      ['audit', 'login success'],
      ['warn', 'shown after setLogLevels'],
    ]);
  });

  it('writes pretty lines without colours to a file', async () => {
    const file = join(dir, 'pretty.log');
    const logger = await logTo(file, 'pretty');
    logger.log('listening', 'DataPlane');
    logger.error('failed', 'Error: x\n    at f (x.js:1:1)', 'Admin');
    await logger.close();
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('\u001b');
    expect(text).toMatch(/^\d\d:\d\d:\d\d\.\d{3} INFO {2}\[DataPlane\] listening\n\d\d:\d\d:\d\d\.\d{3} ERROR \[Admin\] failed\n {4}Error: x\n/);
  });

  it('reopens its file on SIGHUP (logrotate moved it), and writes to stderr after close', async () => {
    const file = join(dir, 'gateway.log');
    const logger = await logTo(file);
    logger.log('before rotation');
    logger.flush();
    renameSync(file, `${file}.1`);
    process.emit('SIGHUP', 'SIGHUP');
    await new Promise((resolve) => setTimeout(resolve, 50));
    logger.log('after rotation');
    await logger.close();
    expect(records(`${file}.1`).map((r) => r.msg)).toEqual(['before rotation']);
    expect(records(file).map((r) => r.msg)).toEqual(['after rotation']);
    expect(process.listenerCount('SIGHUP')).toBe(0);
  });

  it('refuses an unwritable destination with one line naming the setting', async () => {
    const file = join(dir, 'a-file');
    const logger = await logTo(file);
    await logger.close();
    await expect(LogSink.file(join(file, 'under-a-file.log'), 'logging.destination')).rejects.toThrow(/^logging\.destination: cannot open .*under-a-file\.log \(E[A-Z]+\); choose a writable file$/);
    await expect(LogSink.file(join(dir, 'nul\u0000.log'), 'admin.audit.destination')).rejects.toThrow(/^admin\.audit\.destination: cannot open/);
  });
});
