import { jest } from '@jest/globals';
import { ThrottledLog } from './throttled-log.js';

describe('ThrottledLog', () => {
  let lines: string[];
  let log: ThrottledLog;

  beforeEach(() => {
    jest.useFakeTimers();
    lines = [];
    log = new ThrottledLog((line) => lines.push(line), 60_000);
  });
  afterEach(() => {
    log.close();
    jest.useRealTimers();
  });

  it('writes the first line of a kind at once and counts the others into one line at the end of the window', () => {
    for (let i = 1; i <= 1000; i++) log.note('drop', `refused connection ${i}`);
    expect(lines).toEqual(['refused connection 1']);
    jest.advanceTimersByTime(60_000);
    expect(lines).toEqual(['refused connection 1', '999 more like this in 60 s, the last: refused connection 1000']);
    log.note('drop', 'refused connection 1001');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('refused connection 1001');
  });

  it('keeps kinds apart and writes no summary for a window without more', () => {
    log.note('host', 'refused host');
    log.note('origin', 'refused origin');
    jest.advanceTimersByTime(60_000);
    expect(lines).toEqual(['refused host', 'refused origin']);
  });

  it('writes pending counts when closed', () => {
    log.note('drop', 'a');
    log.note('drop', 'b');
    log.close();
    expect(lines).toEqual(['a', '1 more like this in 60 s, the last: b']);
    jest.advanceTimersByTime(120_000);
    expect(lines).toHaveLength(2);
  });
});
