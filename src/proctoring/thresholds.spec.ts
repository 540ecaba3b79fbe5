import {
  completeSettings,
  DEFAULT_PROCTORING_SETTINGS,
  kindsOfGroup,
  thresholdGroupOf,
  thresholdOutcome,
  THRESHOLD_GROUPS,
} from './thresholds';

describe('proctoring thresholds', () => {
  it('warns at the threshold and each multiple of it, flags once', () => {
    const t = { warnAt: 3, flagAt: 6 };
    const outcomes = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => thresholdOutcome(t, n));
    expect(outcomes.map((o) => o.warn)).toEqual([false, false, true, false, false, true, false, false, true]);
    expect(outcomes.map((o) => o.flag)).toEqual([
      false,
      false,
      false,
      false,
      false,
      true,
      false,
      false,
      false,
    ]);
  });

  it('does nothing for a threshold that is off', () => {
    expect(thresholdOutcome({ warnAt: null, flagAt: null }, 5)).toEqual({ warn: false, flag: false });
    expect(thresholdOutcome({ warnAt: 0, flagAt: 0 }, 0)).toEqual({ warn: false, flag: false });
  });

  it('counts blur and hidden page together as focus loss, and maps every group back to its kinds', () => {
    expect(thresholdGroupOf('blur')).toBe('focus-loss');
    expect(thresholdGroupOf('visibility-hidden')).toBe('focus-loss');
    expect(thresholdGroupOf('focus')).toBeNull();
    expect(thresholdGroupOf('warn')).toBeNull();
    for (const g of THRESHOLD_GROUPS) {
      for (const k of kindsOfGroup(g)) {
        expect(thresholdGroupOf(k)).toBe(g);
      }
    }
  });

  it('completes partial settings with the defaults', () => {
    const s = completeSettings({ thresholds: { paste: { warnAt: 2 }, 'focus-loss': { flagAt: null } } });
    expect(s.thresholds.paste).toEqual({
      warnAt: 2,
      flagAt: DEFAULT_PROCTORING_SETTINGS.thresholds.paste.flagAt,
    });
    expect(s.thresholds['focus-loss']).toEqual({ warnAt: 3, flagAt: null });
    expect(completeSettings()).toEqual(DEFAULT_PROCTORING_SETTINGS);
  });
});
