import { parsePartialDate } from '../../src/domain/partialDate';

describe('parsePartialDate', () => {
  it('spans the whole year when only the year is known', () => {
    expect(parsePartialDate('2018')).toEqual({ text: '2018', precision: 'YEAR', first: '2018-01-01', last: '2018-12-31' });
  });

  it('spans the whole month when only the month is known, leap years included', () => {
    expect(parsePartialDate('2020-02')).toMatchObject({ precision: 'MONTH', first: '2020-02-01', last: '2020-02-29' });
    expect(parsePartialDate('2019-02')).toMatchObject({ last: '2019-02-28' });
  });

  it('keeps a day as it is', () => {
    expect(parsePartialDate('2017-05-15')).toMatchObject({ precision: 'DAY', first: '2017-05-15', last: '2017-05-15' });
  });

  it('rejects impossible dates and other text', () => {
    expect(parsePartialDate('2018-13')).toBeNull();
    expect(parsePartialDate('2018-02-30')).toBeNull();
    expect(parsePartialDate('May 2017')).toBeNull();
  });
});
