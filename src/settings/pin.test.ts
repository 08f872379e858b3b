import { describe, expect, it } from 'vitest';
import { pinLeftAfterWrongTry } from './pin';

describe('the PIN box after a wrong try', () => {
  it.each([
    ['nothing typed meanwhile: empty', '1234', '1234', ''],
    ['digits typed during the check are kept', '123456', '1234', '56'],
    ['a box cleared and retyped meanwhile is kept', '98', '1234', '98'],
    ['a box cleared meanwhile stays empty', '', '1234', ''],
  ])('%s', (_name, current, tried, expected) => {
    expect(pinLeftAfterWrongTry(current, tried)).toBe(expected);
  });
});
