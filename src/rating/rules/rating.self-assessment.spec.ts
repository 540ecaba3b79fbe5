import { givenUp } from './self-assessment';

const agencies = [
  { id: 1, status: 'rating', selfAssessedAt: new Date('2026-04-20T02:00:00Z'), excuseReason: null },
  { id: 2, status: 'rating', selfAssessedAt: null, excuseReason: null },
  { id: 3, status: 'rating', selfAssessedAt: null, excuseReason: '疫情封控，经批准延期至 5 月 10 日' },
  { id: 4, status: 'withdrawn', selfAssessedAt: null, excuseReason: null },
];

describe('self-assessment deadline: 逾期未报送的视为主动放弃', () => {
  it('on the last day (2026-04-25) nobody has given up yet', () => {
    expect(givenUp(agencies, '2026-04-25', '2026-04-25')).toEqual([]);
  });

  it('the day after, only the agency that submitted nothing and was not excused gives up', () => {
    expect(givenUp(agencies, '2026-04-25', '2026-04-26').map((a) => a.id)).toEqual([2]);
  });
});
