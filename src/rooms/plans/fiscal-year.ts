/**
 * Fiscal years are named by the calendar year they end in: with a start month of April, FY2027 runs from
 * 2026-04-01 to 2027-03-31. With January it is the calendar year.
 */
export function fiscalYearRange(fiscalYear: number, startMonth: number): { start: string; end: string } {
  const startYear = startMonth === 1 ? fiscalYear : fiscalYear - 1;
  const start = new Date(Date.UTC(startYear, startMonth - 1, 1));
  const end = new Date(Date.UTC(startYear + 1, startMonth - 1, 0));
  return { start: start.toISOString().slice(0, 10), end: end.toISOString().slice(0, 10) };
}

/** The four quarters of a fiscal year as [start, end] ISO dates. */
export function fiscalQuarters(
  fiscalYear: number,
  startMonth: number,
): Array<{ quarter: number; start: string; end: string }> {
  const startYear = startMonth === 1 ? fiscalYear : fiscalYear - 1;
  return [0, 1, 2, 3].map((q) => {
    const start = new Date(Date.UTC(startYear, startMonth - 1 + q * 3, 1));
    const end = new Date(Date.UTC(startYear, startMonth - 1 + q * 3 + 3, 0));
    return { quarter: q + 1, start: start.toISOString().slice(0, 10), end: end.toISOString().slice(0, 10) };
  });
}

export function today(now: Date): string {
  return now.toISOString().slice(0, 10);
}
