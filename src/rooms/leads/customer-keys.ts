/**
 * How registrations of the same end customer are recognised: one definition used when a lead is stored
 * and when a check runs, so the indexed key columns and the lookups always agree.
 */

// Common second-level public suffixes: under these the registrable domain has three labels.
const TWO_LEVEL_SUFFIXES = new Set([
  'co.uk',
  'org.uk',
  'ac.uk',
  'gov.uk',
  'ltd.uk',
  'plc.uk',
  'me.uk',
  'net.uk',
  'com.au',
  'net.au',
  'org.au',
  'edu.au',
  'gov.au',
  'co.nz',
  'org.nz',
  'net.nz',
  'co.jp',
  'ne.jp',
  'or.jp',
  'ac.jp',
  'co.za',
  'org.za',
  'com.br',
  'net.br',
  'org.br',
  'co.in',
  'net.in',
  'org.in',
  'firm.in',
  'com.cn',
  'net.cn',
  'org.cn',
  'com.mx',
  'com.ar',
  'com.tr',
  'com.sg',
  'com.hk',
  'com.tw',
  'com.my',
  'co.kr',
  'co.il',
  'co.id',
  'co.th',
  'com.es',
  'com.pl',
  'co.at',
  'or.at',
]);

/** `https://www.Shop.Acme.co.uk:8443/path?q` → `acme.co.uk`; null when there is no usable host. */
export function foldDomain(input: string | null | undefined): string | null {
  if (!input) return null;
  let host = input.trim().toLowerCase();
  const at = host.lastIndexOf('@');
  if (at >= 0 && !host.includes('/')) host = host.slice(at + 1);
  host = host.replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  host = host.split(/[/?#]/)[0];
  host = host
    .replace(/^[^@]*@/, '')
    .replace(/:\d*$/, '')
    .replace(/\.+$/, '');
  host = host.replace(/^www\d*\./, '');
  const labels = host.split('.').filter((label) => label.length > 0);
  if (labels.length < 2 || labels.some((label) => !/^[a-z0-9-]+$/.test(label))) return null;
  const lastTwo = labels.slice(-2).join('.');
  const keep = TWO_LEVEL_SUFFIXES.has(lastTwo) && labels.length >= 3 ? 3 : 2;
  return labels.slice(-keep).join('.');
}

const LEGAL_FORMS = new Set([
  'inc',
  'incorporated',
  'corp',
  'corporation',
  'co',
  'company',
  'ltd',
  'limited',
  'llc',
  'llp',
  'lp',
  'plc',
  'gmbh',
  'ag',
  'kg',
  'ug',
  'sa',
  'sas',
  'sarl',
  'srl',
  'spa',
  'bv',
  'nv',
  'oy',
  'ab',
  'as',
  'aps',
  'pty',
  'pte',
  'kk',
  'the',
]);

/** `The ACME Widgets, Inc.` and `acme-widgets` → `acmewidgets`; null when nothing distinctive is left. */
export function normaliseCompanyName(input: string | null | undefined): string | null {
  if (!input) return null;
  const words = input
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter((word) => word.length > 0);
  while (words.length > 1 && LEGAL_FORMS.has(words[words.length - 1])) words.pop();
  if (words.length > 1 && words[0] === 'the') words.shift();
  const key = words.join('');
  return key.length > 0 ? key : null;
}

export function normaliseEmail(input: string | null | undefined): string | null {
  const value = input?.trim().toLowerCase();
  return value ? value : null;
}
