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

/** The twelve months of a fiscal year as { month: YYYY-MM, start, end }. */
export function fiscalMonths(
  fiscalYear: number,
  startMonth: number,
): Array<{ month: string; start: string; end: string }> {
  const startYear = startMonth === 1 ? fiscalYear : fiscalYear - 1;
  return Array.from({ length: 12 }, (_, m) => {
    const start = new Date(Date.UTC(startYear, startMonth - 1 + m, 1));
    const end = new Date(Date.UTC(startYear, startMonth + m, 0));
    return {
      month: start.toISOString().slice(0, 7),
      start: start.toISOString().slice(0, 10),
      end: end.toISOString().slice(0, 10),
    };
  });
}
