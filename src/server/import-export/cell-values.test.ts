import { describe, expect, it } from 'vitest';
import { protectCell, toCsvLines, unprotectCell } from './cell-values.ts';

/**
 * The cells a lenient spreadsheet reads from CSV text split on `delimiter`: a double quote at the
 * start of a cell opens a quoted part (`""` inside is a quote), anything after it is taken as it is,
 * and a line break outside quotes ends the row.
 */
function spreadsheetCells(text: string, delimiter: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let atStart = true;
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index] as string;
    if (quoted) {
      if (character === '"' && text[index + 1] === '"') {
        cell += '"';
        index += 1;
      } else if (character === '"') quoted = false;
      else cell += character;
    } else if (character === delimiter || character === '\n' || character === '\r') {
      cells.push(cell);
      cell = '';
      atStart = true;
      continue;
    } else if (character === '"' && atStart) quoted = true;
    else cell += character;
    atStart = false;
  }
  cells.push(cell);
  return cells;
}

/** What a spreadsheet would run: a cell starting (after spaces or quotes) with = + - @, unless it is a number. */
function runsAsFormula(cell: string): boolean {
  return /^[\s"]*[=+\-@＝＋－＠]/.test(cell) && !/^[+-]?\d+(\.\d+)?$/.test(cell.trim());
}

describe('formula protection of exported cells', () => {
  it('puts an apostrophe before text that begins like a formula', () => {
    for (const value of ['=1+1', '+47 22 00 00 00', '-2+3', '@SUM(A1)', '＝1+1', '-5 apples']) {
      expect(protectCell(value), JSON.stringify(value)).toBe(`'${value}`);
    }
    expect(protectCell('\t=1')).toBe("\t'=1");
    expect(protectCell('\r=1')).toBe("\r'=1");
    expect(protectCell('  =1')).toBe("  '=1");
    expect(protectCell('"=1')).toBe(`"'=1`);
  });

  it('puts an apostrophe before every formula that follows a separator a spreadsheet may split on', () => {
    expect(protectCell("x;=cmd|' /C calc'!A0")).toBe("x;'=cmd|' /C calc'!A0");
    expect(protectCell('x,=cmd')).toBe("x,'=cmd");
    expect(protectCell('x\t=cmd')).toBe("x\t'=cmd");
    expect(protectCell('x\n=cmd')).toBe("x\n'=cmd");
    expect(protectCell('x\r\n@SUM(A1)')).toBe("x\r\n'@SUM(A1)");
    expect(protectCell('note; -2+3')).toBe("note; '-2+3");
    expect(protectCell('a;"=cmd"')).toBe(`a;"'=cmd"`);
    expect(protectCell('=a;+b,-c')).toBe("'=a;'+b,'-c");
  });

  it('leaves numbers, dates, codes and ordinary text alone', () => {
    expect(protectCell(-5)).toBe('-5');
    expect(protectCell(-1250.5)).toBe('-1250.5');
    expect(protectCell('-12.50')).toBe('-12.50');
    expect(protectCell('+3')).toBe('+3');
    expect(protectCell(0)).toBe('0');
    expect(protectCell(true)).toBe('true');
    expect(protectCell(null)).toBe('');
    expect(protectCell('2026-12-03')).toBe('2026-12-03');
    expect(protectCell('2026-12-03T10:00:00.000Z')).toBe('2026-12-03T10:00:00.000Z');
    expect(protectCell('Smith, Jones & Partners')).toBe('Smith, Jones & Partners');
    expect(protectCell('dana-decider@example.test')).toBe('dana-decider@example.test');
    expect(protectCell('range 1;-5')).toBe('range 1;-5');
    expect(protectCell("O'Brien")).toBe("O'Brien");
    expect(protectCell('\tplain')).toBe('\tplain');
  });

  it('adds one more apostrophe where text already has some before a formula, so the import restores it exactly', () => {
    expect(protectCell("'=1+1")).toBe("''=1+1");
    expect(protectCell("'x;=cmd")).toBe("'x;'=cmd");
    expect(protectCell("x;''=cmd")).toBe("x;'''=cmd");
    expect(protectCell("'quoted'")).toBe("'quoted'");
    expect(protectCell("'-5")).toBe("'-5");
  });

  it('is undone exactly by the import, for every value', () => {
    const values = [
      '=1+1',
      "'=1+1",
      "''=1+1",
      "x;=cmd|' /C calc'!A0",
      "x;'=cmd",
      "'x;=cmd",
      "'quoted'",
      "'",
      "'-5",
      '-5',
      'plain',
      '+47 22 00 00 00',
      'a\n@b',
      "=a;''+b,-c;-5",
      ` "''=x`,
      '＠',
      'a;\n=b',
    ];
    for (const value of values) {
      expect(unprotectCell(protectCell(value)), JSON.stringify(value)).toBe(value);
    }
  });

  it('writes lines in which no part a spreadsheet could split off runs as a formula', () => {
    const hostile = [
      "x;=cmd|' /C calc'!A0",
      'x\t=cmd',
      'x,=cmd',
      'a;"=cmd"',
      'x\n-2+3',
      'fine',
      -5,
      '-12.50',
    ];
    const csv = toCsvLines([
      ['id', 'name', 'notes'],
      [1, ...hostile],
    ]);
    for (const delimiter of [',', ';', '\t']) {
      for (const cell of spreadsheetCells(csv, delimiter)) {
        expect(runsAsFormula(cell), `${JSON.stringify(cell)} split on ${JSON.stringify(delimiter)}`).toBe(
          false,
        );
      }
    }
    // Read as the comma-separated file it is, every cell is whole: semicolons and tabs are quoted too.
    expect(spreadsheetCells(csv.trimEnd(), ',').slice(3)).toEqual([
      '1',
      "x;'=cmd|' /C calc'!A0",
      "x\t'=cmd",
      "x,'=cmd",
      `a;"'=cmd"`,
      "x\n'-2+3",
      'fine',
      '-5',
      '-12.50',
    ]);
  });

  it('would have let a semicolon-splitting spreadsheet run the part after the semicolon without it', () => {
    const unprotected = `1,${"x;=cmd|' /C calc'!A0"}\n`;
    expect(spreadsheetCells(unprotected, ';').some(runsAsFormula)).toBe(true);
  });
});

describe('reading a protected cell back', () => {
  it('takes off only the apostrophes the export added', () => {
    expect(unprotectCell("'=1+1")).toBe('=1+1');
    expect(unprotectCell("x;'=cmd")).toBe('x;=cmd');
    expect(unprotectCell("'x;'=cmd")).toBe("'x;=cmd");
    expect(unprotectCell("'quoted'")).toBe("'quoted'");
    expect(unprotectCell("''=1+1")).toBe("'=1+1");
    expect(unprotectCell("'-5")).toBe("'-5");
    expect(unprotectCell('plain')).toBe('plain');
  });
});
