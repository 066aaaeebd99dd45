// A data file that cannot be used: every problem names the file, the row (as a spreadsheet shows it, the header
// being row 1) and the column, so staff can fix the file; the import stops with all of them and changes nothing.

export interface DataProblem {
  file: string;
  /** 1 = the header row; null: the file as a whole. */
  row: number | null;
  column: string | null;
  message: string;
}

export class GomiDataError extends Error {
  readonly problems: DataProblem[];

  constructor(problems: DataProblem[]) {
    const shown = problems.slice(0, 20).map(formatProblem);
    const more = problems.length > 20 ? [`… and ${problems.length - 20} more`] : [];
    super(['ごみ data is invalid:', ...shown, ...more].join('\n'));
    this.problems = problems;
  }
}

export function formatProblem(problem: DataProblem): string {
  const where = [problem.file, problem.row === null ? null : `row ${problem.row}`, problem.column]
    .filter((part) => part !== null)
    .join(', ');
  return `${where}: ${problem.message}`;
}
