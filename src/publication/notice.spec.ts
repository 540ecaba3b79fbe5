import { WindowLimiter } from './identity-limiter';
import { identityHash, limiterKeys, normaliseName, sameDigest } from './lookup-identity';
import { chinaDate, endOfChinaDay, mayFinalise, noticeState, objectionsOpen } from './notice';
import { noticePeriod } from './working-days';

describe('notice state', () => {
  // Published Monday 2025-11-10 (China): the period is Tue 11 … Wed 19.
  const period = noticePeriod('2025-11-10');

  it('counts China days, not UTC days', () => {
    expect(chinaDate(new Date('2025-11-19T15:59:59Z'))).toBe('2025-11-19');
    expect(chinaDate(new Date('2025-11-19T16:00:00Z'))).toBe('2025-11-20');
    expect(endOfChinaDay('2025-11-19').toISOString()).toBe('2025-11-19T16:00:00.000Z');
  });

  it('takes objections until the end of the last working day, then allows finalisation', () => {
    const lastMoment = new Date('2025-11-19T15:59:59Z');
    const after = new Date('2025-11-19T16:00:00Z');
    expect(objectionsOpen(period, null, lastMoment)).toBe(true);
    expect(mayFinalise(period, lastMoment)).toBe(false);
    expect(objectionsOpen(period, null, after)).toBe(false);
    expect(mayFinalise(period, after)).toBe(true);
    expect(noticeState(period, null, after)).toBe('notice-ended');
    expect(noticeState(period, after, after)).toBe('final');
  });
});

describe('lookup identity', () => {
  it('normalises what people type', () => {
    expect(normaliseName(' 阿卜杜拉•买买提 ')).toBe('阿卜杜拉·买买提');
    expect(identityHash('k', 'id', '张 三', '37130219900101123x')).toBe(
      identityHash('k', 'id', '张三', '37130219900101123X'),
    );
  });

  it('separates keys, kinds and people', () => {
    const a = identityHash('k1', 'id', '张三', '37130219900101123X');
    expect(identityHash('k2', 'id', '张三', '37130219900101123X')).not.toBe(a);
    expect(identityHash('k1', 'ticket', '张三', '37130219900101123X')).not.toBe(a);
    expect(identityHash('k1', 'id', '张四', '37130219900101123X')).not.toBe(a);
    expect(sameDigest(a, a)).toBe(true);
    expect(sameDigest(a, identityHash('k1', 'id', '张四', '37130219900101123X'))).toBe(false);
    expect(sameDigest(a, '')).toBe(false);
    const [name, cred] = limiterKeys('k', '张三', 'x1');
    expect(limiterKeys('k', '张三', 'x2')[0]).toBe(name);
    expect(limiterKeys('k', '李四', 'x1')[1]).toBe(cred);
  });
});

describe('WindowLimiter', () => {
  it('refuses a key past its limit within the window and forgets it in the next', () => {
    const l = new WindowLimiter(2, 60_000);
    expect(l.allow(['a'], 0)).toBe(true);
    expect(l.allow(['a', 'b'], 1000)).toBe(true);
    expect(l.allow(['a'], 2000)).toBe(false);
    // a refusal counts nothing against the other key
    expect(l.allow(['c', 'a'], 3000)).toBe(false);
    expect(l.allow(['c'], 3000)).toBe(true);
    expect(l.allow(['a'], 60_000)).toBe(true);
  });

  it('stays bounded', () => {
    const l = new WindowLimiter(1, 60_000, 10);
    for (let i = 0; i < 100; i++) {
      expect(l.allow([`k${i}`], 0)).toBe(true);
    }
  });
});
