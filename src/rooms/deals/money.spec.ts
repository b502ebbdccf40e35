import { commissionOf, fromCents, money, toCents } from './money';

describe('money', () => {
  it('converts decimal strings to cents and back exactly', () => {
    expect(toCents('12500')).toBe(1250000n);
    expect(toCents('0.5')).toBe(50n);
    expect(toCents('19.99')).toBe(1999n);
    expect(fromCents(1999n)).toBe('19.99');
    expect(fromCents(5n)).toBe('0.05');
    expect(money('12500', 'EUR ')).toEqual({ amount: '12500.00', currency: 'EUR' });
  });

  it.each([
    ['12500.00', '12.50', '1562.50'],
    ['100.00', '10.00', '10.00'],
    ['0.10', '5.00', '0.01'],
    ['0.09', '5.00', '0.00'],
    ['333.33', '33.33', '111.10'],
    ['1000.00', '0', '0.00'],
    ['9999999999999999.99', '100', '9999999999999999.99'],
  ])('commission of %s at %s%% is %s', (amount, rate, expected) => {
    expect(commissionOf(amount, rate)).toBe(expected);
  });
});
