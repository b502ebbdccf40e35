import { PLAN_COLUMNS } from './plans.dto';
import { PlanRowDto } from './plans.view';

export type PlanColumn = (typeof PLAN_COLUMNS)[number];

/**
 * One RFC 4180 field. Cells a spreadsheet would run as a formula (= + - @, tab, carriage return) are
 * prefixed with an apostrophe so an exported plan name can never execute.
 */
export function csvField(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: Array<string | number | null | undefined>): string {
  return values.map(csvField).join(',') + '\r\n';
}

/** Header and cell values of the chosen columns; `sections` expands to one column per section title. */
export function planCsvHeader(columns: PlanColumn[], sectionTitles: string[]): string[] {
  return columns.flatMap((column) =>
    column === 'sections' ? sectionTitles.map((title) => `${title} completion`) : [CSV_TITLES[column]],
  );
}

export function planCsvRow(
  row: PlanRowDto,
  columns: PlanColumn[],
  sectionTitles: string[],
): Array<string | number | null> {
  return columns.flatMap((column): Array<string | number | null> => {
    switch (column) {
      case 'partner':
        return [row.companyName];
      case 'plan':
        return [row.name];
      case 'fiscalYear':
        return [row.fiscalYear];
      case 'status':
        return [row.status];
      case 'overallCompletion':
        return [row.overallCompletion];
      case 'sections':
        return sectionTitles.map((title) => row.sectionCompletion[title] ?? null);
      case 'author':
        return [row.authorName];
      case 'created':
        return [row.createdAt];
      case 'updated':
        return [row.updatedAt];
      case 'revenueTarget':
        return [row.revenueTarget];
      case 'revenueActual':
        return [row.revenueActual];
    }
  });
}

const CSV_TITLES: Record<PlanColumn, string> = {
  partner: 'Partner',
  plan: 'Plan',
  fiscalYear: 'Fiscal year',
  status: 'Status',
  overallCompletion: 'Overall completion',
  sections: 'Sections',
  author: 'Author',
  created: 'Created',
  updated: 'Updated',
  revenueTarget: 'Revenue target',
  revenueActual: 'Revenue actual',
};
