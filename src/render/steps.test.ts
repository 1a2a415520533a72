import { describe, expect, it } from 'vitest';
import { abandonSteps, runSteps, type Steps } from './steps';

function* counted(log: string[]): Steps<number> {
  let done = false;
  try {
    log.push('a');
    yield;
    log.push('b');
    yield;
    log.push('c');
    done = true;
    return 3;
  } finally {
    if (!done) log.push('released');
  }
}

describe('steps', () => {
  it('runSteps runs every step in order and returns the result', () => {
    const log: string[] = [];
    expect(runSteps(counted(log))).toBe(3);
    expect(log).toEqual(['a', 'b', 'c']);
  });

  it('abandonSteps stops before the end and runs the finally blocks', () => {
    const log: string[] = [];
    const s = counted(log);
    s.next();
    abandonSteps(s);
    expect(log).toEqual(['a', 'released']);
    expect(s.next().done).toBe(true);
    expect(log).toEqual(['a', 'released']);
  });
});
