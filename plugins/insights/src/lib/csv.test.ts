import { csvCell, toCsv } from './csv.js';

describe('csvCell', () => {
  it('leaves plain text and numbers alone', () => {
    expect(csvCell('catalog')).toBe('catalog');
    expect(csvCell(42)).toBe('42');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(undefined)).toBe('');
  });

  it('quotes commas, quotes and line breaks, doubling inner quotes', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
  });

  it.each(['=', '+', '-', '@'])('neutralises a text cell starting with %s', start => {
    expect(csvCell(`${start}1+1`)).toBe(`'${start}1+1`);
  });

  it('neutralises a formula and still quotes it', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
  });
});

describe('toCsv', () => {
  it('writes a header line and CRLF-terminated rows', () => {
    expect(
      toCsv(
        ['Search term', 'Events'],
        [
          ['kafka, topics', 7],
          ['@admin', 2],
        ],
      ),
    ).toBe('Search term,Events\r\n"kafka, topics",7\r\n\'@admin,2\r\n');
  });
});
