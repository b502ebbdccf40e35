import { hashPassword, passwordProblems, verifyPassword } from './passwords';

describe('passwords', () => {
  it('accepts a reasonable password and hashes with argon2id', async () => {
    expect(passwordProblems('correct horse battery')).toEqual([]);
    const hashed = await hashPassword('correct horse battery');
    expect(hashed).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hashed, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(hashed, 'correct horse batter')).toBe(false);
  });

  it.each([
    ['short', 'at least 8'],
    ['x'.repeat(129), 'at most 128'],
    ['password', 'most common'],
    ['Password1', 'most common'],
    ['12345678', 'most common'],
  ])('refuses %s', (password, problem) => {
    expect(passwordProblems(password)[0].problem).toContain(problem);
  });

  it('counts characters, not bytes, and never truncates', async () => {
    expect(passwordProblems('ééééééé')).toHaveLength(1);
    expect(passwordProblems('é'.repeat(128))).toEqual([]);
    const long = 'a-long-passphrase-'.repeat(7);
    const hashed = await hashPassword(long);
    expect(await verifyPassword(hashed, long.slice(0, -1))).toBe(false);
  });

  it('refuses the email as password', () => {
    expect(passwordProblems('ann@example.com', ['ann@example.com'])).toHaveLength(1);
  });
});
