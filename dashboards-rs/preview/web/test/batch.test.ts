import { describe, expect, it } from 'vitest';
import { unbatch } from '../src/batch';

describe('unbatch', () => {
  it('gives each panel its own results, refIds and frames as it wrote them', () => {
    const results = {
      '0:A': { status: 200, frames: [{ schema: { refId: '0:A', fields: [] }, data: { values: [] } }] },
      '1:A': { status: 400, error: 'bad_data', frames: [] },
      '1:B': { status: 200, frames: [] },
    };
    expect(unbatch(results, 0)).toEqual({
      A: { status: 200, frames: [{ schema: { refId: 'A', fields: [] }, data: { values: [] } }] },
    });
    expect(Object.keys(unbatch(results, 1))).toEqual(['A', 'B']);
    expect(unbatch(results, 1).A.error).toBe('bad_data');
  });
});
