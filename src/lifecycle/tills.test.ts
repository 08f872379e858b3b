import { describe, expect, it } from 'vitest';
import { isOwnCharge, tillGoneForCharge } from './tills';

const OWN = '0b6f3c1e-2a4d-4e5f-8a6b-7c8d9e0f1a2b';
const OTHER = '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d';

describe('whose charge', () => {
  it('"This till": its own id, or none (records from before till identity)', () => {
    expect(isOwnCharge({ tillId: OWN }, OWN)).toBe(true);
    expect(isOwnCharge({}, OWN)).toBe(true);
    expect(isOwnCharge({ tillId: OTHER }, OWN)).toBe(false);
    expect(isOwnCharge({ tillId: OTHER }, undefined)).toBe(true);
  });
});

describe('another till gone past a charge deadline', () => {
  const deadlineS = 1_700_000_000;
  const charge = { expiredTimestamp: deadlineS };
  const deadline = deadlineS * 1000;
  it('only after the deadline, and only when its till was last heard of before it', () => {
    expect(tillGoneForCharge(charge, deadline - 60_000, deadline - 1)).toBe(false);
    expect(tillGoneForCharge(charge, deadline - 60_000, deadline + 1)).toBe(true);
    expect(tillGoneForCharge(charge, undefined, deadline + 1)).toBe(true);
    expect(tillGoneForCharge(charge, deadline + 5_000, deadline + 10_000)).toBe(false);
    expect(tillGoneForCharge(charge, deadline, deadline + 10_000)).toBe(false);
  });
});
