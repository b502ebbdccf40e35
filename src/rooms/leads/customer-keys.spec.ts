import { foldDomain, normaliseCompanyName, normaliseEmail } from './customer-keys';

describe('customer keys', () => {
  it.each([
    ['acme.com', 'acme.com'],
    ['ACME.com', 'acme.com'],
    ['www.acme.com', 'acme.com'],
    ['https://www.acme.com/about?x=1', 'acme.com'],
    ['http://shop.eu.acme.com:8080', 'acme.com'],
    ['acme.com.', 'acme.com'],
    ['acme.co.uk', 'acme.co.uk'],
    ['https://sales.acme.co.uk/', 'acme.co.uk'],
    ['www.acme.com.au', 'acme.com.au'],
    ['someone@mail.acme.com', 'acme.com'],
    ['co.uk', 'co.uk'],
  ])('folds %s to %s', (input, folded) => {
    expect(foldDomain(input)).toBe(folded);
  });

  it.each([[''], ['localhost'], ['not a domain'], [null], ['https:///path']])('rejects %p', (input) => {
    expect(foldDomain(input)).toBeNull();
  });

  it('keeps different registrable domains apart', () => {
    expect(foldDomain('acme.co.uk')).not.toBe(foldDomain('acme.com'));
    expect(foldDomain('acme-eu.com')).not.toBe(foldDomain('acme.com'));
  });

  it.each([
    ['Acme Widgets', 'acmewidgets'],
    ['ACME WIDGETS, Inc.', 'acmewidgets'],
    ['The Acme-Widgets GmbH', 'acmewidgets'],
    ['Acmé Widgets Ltd', 'acmewidgets'],
    ['  acme   widgets  llc ', 'acmewidgets'],
    ['Smith & Sons Co.', 'smithandsons'],
    ['Inc', 'inc'],
  ])('normalises %s to %s', (input, key) => {
    expect(normaliseCompanyName(input)).toBe(key);
  });

  it('does not merge distinct names', () => {
    expect(normaliseCompanyName('Acme Widgets')).not.toBe(normaliseCompanyName('Acme Gadgets'));
  });

  it('lower-cases emails', () => {
    expect(normaliseEmail(' Jo@Acme.COM ')).toBe('jo@acme.com');
    expect(normaliseEmail('')).toBeNull();
  });
});
