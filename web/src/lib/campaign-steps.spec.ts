import { CAMPAIGN_STEPS, isCampaignStep, nextStep } from './campaign-steps';

describe('campaign flow', () => {
  it('lists the ten steps in order', () => {
    expect(CAMPAIGN_STEPS.map((s) => s.key)).toEqual([
      'freeze',
      'draw',
      'blueprints',
      'sittings',
      'papers',
      'monitoring',
      'results',
      'publish',
      'objections',
      'finalise',
    ]);
    expect(isCampaignStep('draw')).toBe(true);
    expect(isCampaignStep('nope')).toBe(false);
  });

  it('continues where the campaign stands', () => {
    expect(nextStep({ status: 'draft' })).toBe('freeze');
    expect(nextStep({ status: 'frozen' })).toBe('draw');
    expect(nextStep({ status: 'drawn' })).toBe('blueprints');
    expect(nextStep({ status: 'drawn', sittings: 1 })).toBe('papers');
    expect(nextStep({ status: 'drawn', sittings: 1, papers: 4 })).toBe('monitoring');
    expect(nextStep({ status: 'drawn', sittings: 1, papers: 4, graded: 4 })).toBe('results');
    expect(nextStep({ status: 'drawn', sittings: 1, papers: 4, graded: 4, published: true })).toBe(
      'objections',
    );
    expect(
      nextStep({ status: 'drawn', sittings: 1, papers: 4, graded: 4, published: true, final: true }),
    ).toBe('finalise');
  });
});
