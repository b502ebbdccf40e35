import {
  assertObjectKey,
  attachmentDisposition,
  InvalidObjectKeyError,
  newObjectKey,
} from './object-storage';

describe('object keys', () => {
  it('generates yyyy/mm/<uuid> keys that pass validation', () => {
    const key = newObjectKey(new Date('2026-03-09T12:00:00Z'));
    expect(key).toMatch(/^2026\/03\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(() => assertObjectKey(key)).not.toThrow();
    expect(newObjectKey()).not.toBe(newObjectKey());
  });

  it.each([
    '..',
    'a/..',
    '../a',
    'a/../b',
    '/abs',
    'a/',
    'a//b',
    '.git',
    'a/.b',
    'C:\\x',
    'a b',
    'ü',
    'x'.repeat(513),
  ])('refuses %j', (key) => expect(() => assertObjectKey(key)).toThrow(InvalidObjectKeyError));
});

describe('attachmentDisposition', () => {
  it('gives an ASCII fallback and the exact UTF-8 name (RFC 6266)', () => {
    expect(attachmentDisposition('Résumé "final"; 100%.pdf')).toBe(
      `attachment; filename="R_sum_ _final__ 100_.pdf"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%22final%22%3B%20100%25.pdf`,
    );
    expect(attachmentDisposition("it's (1).txt")).toBe(
      `attachment; filename="it's (1).txt"; filename*=UTF-8''it%27s%20%281%29.txt`,
    );
  });
});
