import { prettyLine } from './pretty-line.js';

const ESC = '\u001b';

describe('prettyLine', () => {
  const time = '2026-12-05T10:04:05.123Z';
  const local = new Date(time);
  const clock = [local.getHours(), local.getMinutes(), local.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':') + '.123';

  it('writes time, level word, context, message and the other fields as key=value, without colours', () => {
    const line = prettyLine({ level: 'info', time, pid: 1, hostname: 'h', context: 'DataPlane', msg: 'listening', port: 9090, host: '0.0.0.0', note: 'two words' }, false);
    expect(line).toBe(`${clock} INFO  [DataPlane] listening port=9090 host=0.0.0.0 note="two words"`);
    expect(line).not.toContain(ESC);
  });

  it('colours the level, context and time only when asked (a terminal)', () => {
    const line = prettyLine({ level: 'error', time, context: 'Admin', msg: 'failed' }, true);
    expect(line).toContain(`${ESC}[31mERROR`);
    expect(line).toContain(`${ESC}[33m[Admin]`);
  });

  it('shows control characters and ANSI escapes of the record escaped, so no line can be forged', () => {
    const line = prettyLine({ level: 'warn', time, msg: `Gold\n[Nest] forged ${ESC}[31mred`, name: `a${ESC}b` }, false);
    expect(line).not.toContain('\n');
    expect(line).not.toContain(ESC);
    expect(line).toContain('Gold\\u000a[Nest] forged \\u001b[31mred');
  });

  it('puts the stack on the following lines, indented', () => {
    const line = prettyLine({ level: 'error', time, msg: 'boom', err: { type: 'Error', message: 'boom', stack: 'Error: boom\n    at f (x.js:1:2)' } }, false);
    expect(line.split('\n')).toEqual([`${clock} ERROR boom`, '    Error: boom', '        at f (x.js:1:2)']);
  });
});
