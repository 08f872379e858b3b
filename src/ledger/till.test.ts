import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  TillIdSchema,
  TillNameSchema,
  isTillId,
  newTillId,
  normalizeTillName,
  tillNameProblem,
} from './till';

describe('till identity', () => {
  it('makes random v4 till ids', () => {
    const a = newTillId();
    const b = newTillId();
    expect(isTillId(a)).toBe(true);
    expect(a).not.toBe(b);
    expect(v.safeParse(TillIdSchema, a).success).toBe(true);
    expect(isTillId('till-1')).toBe(false);
  });

  it('asks for a short name', () => {
    expect(tillNameProblem('')).toBe('Enter a till name');
    expect(tillNameProblem('   ')).toBe('Enter a till name');
    expect(tillNameProblem('x'.repeat(31))).toBe('At most 30 characters');
    expect(tillNameProblem('Front counter')).toBeNull();
    expect(normalizeTillName('  Front   counter ')).toBe('Front counter');
    expect(v.safeParse(TillNameSchema, 'Bar').success).toBe(true);
    expect(v.safeParse(TillNameSchema, '').success).toBe(false);
  });

  it('is unique in the shop, whatever the case, accents and spaces', () => {
    const taken = ['Front counter', 'Café'];
    expect(tillNameProblem('front  COUNTER', taken)).toBe(
      'Another till in this shop is called "Front counter"',
    );
    expect(tillNameProblem('cafe', taken)).toBe('Another till in this shop is called "Café"');
    expect(tillNameProblem('Terrace', taken)).toBeNull();
  });
});
