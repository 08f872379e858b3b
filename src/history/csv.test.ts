import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ChargeRecord } from '@/journal/journal';
import { CSV_COLUMNS, csvField, csvHeader, csvRow, csvTillFields } from './csv';

/**
 * A small RFC 4180 reader with a chosen separator, lenient the way spreadsheets are: a quote at a
 * cell's start opens a quoted cell ("" inside is one quote, and text after the closing quote is
 * kept); a quote anywhere else is a plain character; CRLF, CR or LF outside quotes ends a row.
 */
function parseCsv(text: string, separator: ',' | ';'): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let atCellStart = true;
  const endCell = () => {
    row.push(cell);
    cell = '';
    atCellStart = true;
  };
  while (i < text.length) {
    const c = text[i];
    if (atCellStart && c === '"') {
      atCellStart = false;
      i++;
      while (i < text.length) {
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            cell += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        cell += text[i++];
      }
      continue;
    }
    atCellStart = false;
    if (c === separator) {
      endCell();
      i++;
    } else if (c === '\r' || c === '\n') {
      endCell();
      rows.push(row);
      row = [];
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      cell += c;
      i++;
    }
  }
  if (!atCellStart || row.length) {
    endCell();
    rows.push(row);
  }
  return rows;
}

/**
 * The rule: no cell may start with a formula trigger (= + - @ tab CR), also after leading spaces or
 * quote marks a spreadsheet might drop, except a genuine number such as -12.5, which stays a number.
 */
function unsafeCells(rows: string[][]): string[] {
  return rows
    .flat()
    .filter(
      (cell) => !/^-?\d+(\.\d+)?$/.test(cell) && (/^[\t\r]/.test(cell) || /^[ "]*[=+\-@\t\r]/.test(cell)),
    );
}

const base: ChargeRecord = {
  traceId: 't-1',
  createdAt: Date.UTC(2026, 10, 21, 9, 30),
  updatedAt: 0,
  shopName: '',
  payeeId: 'p',
  settlementAssetId: 's',
  strictMode: false,
  quoteAssetId: 'usd',
  quoteSymbol: 'USD',
  quoteDecimals: 2,
  quoteIsFiat: true,
  quoteAmount: '10.10',
  expiredTimestamp: 0,
  linkMode: 'paylink',
  linkFellBack: false,
  link: '',
  status: 'received',
};

function exportOf(records: ChargeRecord[]): string {
  return `${[csvHeader(), ...records.map(csvRow)].join('\r\n')}\r\n`;
}

function withText(note: string, paidSymbol = 'BTC'): ChargeRecord {
  return {
    ...base,
    remark: note,
    result: {
      status: 'success',
      quoteAmount: '10.1',
      quoteAssetId: 'usd',
      payeeId: 'p',
      paymentAmount: '0.00015',
      paymentSymbol: paidSymbol,
    },
  };
}

describe('CSV formula neutralising, whatever separator the spreadsheet picks', () => {
  it('the test parser reads RFC 4180', () => {
    expect(parseCsv('a,"b,c","d ""e"""\r\n"x\r\ny",,z\r\n', ',')).toEqual([
      ['a', 'b,c', 'd "e"'],
      ['x\r\ny', '', 'z'],
    ]);
    expect(parseCsv('a;b,c\r\n', ';')).toEqual([['a', 'b,c']]);
  });

  it('a note "a;=1+1;" is no formula when split on ; (it was before)', () => {
    const csv = exportOf([withText('a;=1+1;')]);
    expect(unsafeCells(parseCsv(csv, ';'))).toEqual([]);
    expect(unsafeCells(parseCsv(csv, ','))).toEqual([]);
    expect(parseCsv(csv, ';')[1]).toContain("'=1+1");
  });

  it.each([
    '=1+1',
    '+1 shot',
    '@SUM(A1)',
    '-2+3',
    '\t=1',
    '\r=1',
    'a,=1',
    'a;=1',
    'a; =1',
    'a;"=1',
    'a;""=1',
    'x\r\n=1',
    'x\n@a',
    'x\t+1',
    ' =cmd',
    '=1;=2,=3',
  ])('neutralises %j in every cell', (note) => {
    for (const [n, s] of [
      [note, 'BTC'],
      ['ok', note],
    ]) {
      const csv = exportOf([withText(n, s)]);
      expect(unsafeCells(parseCsv(csv, ','))).toEqual([]);
      expect(unsafeCells(parseCsv(csv, ';'))).toEqual([]);
    }
  });

  it('keeps genuine numbers, including negative ones, as numbers', () => {
    expect(csvField('-12.5')).toBe('-12.5');
    expect(csvField('0.00015')).toBe('0.00015');
    expect(csvField('-1e5')).toBe("'-1e5");
    expect(csvField('-2+3')).toBe("'-2+3");
  });

  it('property: any note or paid symbol, split on , or ;, gives no formula cell and survives a , read', () => {
    const nasty = fc.constantFrom(...'=+-@\t\r\n,;" \'ab1.'.split(''));
    const text = fc.array(nasty, { maxLength: 24 }).map((chars) => chars.join(''));
    fc.assert(
      fc.property(text, text, (note, symbol) => {
        const csv = exportOf([withText(note, symbol), base]);
        expect(unsafeCells(parseCsv(csv, ';'))).toEqual([]);
        const rows = parseCsv(csv, ',');
        expect(unsafeCells(rows)).toEqual([]);
        // Read with the right separator the columns are intact and only apostrophes were added.
        expect(rows).toHaveLength(3);
        for (const row of rows) expect(row).toHaveLength(CSV_COLUMNS.length);
        const stripped = (s: string) => s.replace(/'/g, '');
        expect(stripped(rows[1][CSV_COLUMNS.indexOf('note')])).toBe(stripped(note));
        expect(stripped(rows[1][CSV_COLUMNS.indexOf('paid_asset')])).toBe(stripped(symbol));
      }),
      { numRuns: 500 },
    );
  });
});

describe('CSV with the till (a shop ledger)', () => {
  it('adds till and till_id after the usual columns; without a ledger the header is unchanged', () => {
    expect(csvHeader()).toBe(CSV_COLUMNS.join(','));
    expect(csvHeader(true)).toBe(`${CSV_COLUMNS.join(',')},till,till_id`);
    const row = csvRow(base) + csvTillFields('=Front, left', '0b6f3c1e-2a4d-4e5f-8a6b-7c8d9e0f1a2b');
    expect(row.endsWith(`,"'=Front, left",0b6f3c1e-2a4d-4e5f-8a6b-7c8d9e0f1a2b`)).toBe(true);
  });
});
