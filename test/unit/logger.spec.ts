import { Writable } from 'node:stream';
import { createLogger } from '../../libs/observability/logger';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { logger: createLogger('test', 'info', stream), lines };
}

describe('structured logs', () => {
  it('writes JSON with level, time and service', () => {
    const { logger, lines } = capture();
    logger.info({ checkId: 'c-1' }, 'started');
    expect(lines[0]).toMatchObject({ level: 'info', service: 'test', checkId: 'c-1', msg: 'started' });
    expect(typeof lines[0].time).toBe('string');
  });

  it('redacts fields named like personal data, at the top level and one level down', () => {
    const { logger, lines } = capture();
    logger.info({ iin: '980109050588', voter: { surname: 'Ахметов', firstName: 'Нурлан', stationNumber: 5 } }, 'x');
    expect(lines[0].iin).toBe('[redacted]');
    expect(lines[0].voter).toEqual({ surname: '[redacted]', firstName: '[redacted]', stationNumber: 5 });
  });

  it('masks IIN-shaped numbers in messages and errors', () => {
    const { logger, lines } = capture();
    logger.warn('lookup of 980109050588 failed');
    logger.error({ err: new Error('no voter 061211600012') }, 'oops');
    expect(JSON.stringify(lines)).not.toMatch(/980109050588|061211600012/);
    expect(lines[0].msg).toBe('lookup of ************ failed');
  });
});
