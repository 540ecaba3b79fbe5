import { reloginDecision, type ReloginFacts } from './second-login';

const now = new Date('2026-06-01T02:00:00Z');
const facts = (over: Partial<ReloginFacts>): ReloginFacts => ({
  inProgress: true,
  connectedDevices: [],
  lastLost: null,
  restoredAfterLost: false,
  device: 'pc-b',
  now,
  ...over,
});
const ago = (ms: number) => new Date(now.getTime() - ms);

describe('a sign-in while the attempt is in progress', () => {
  it('waits for the proctor when another device is answering now', () => {
    expect(reloginDecision(facts({ connectedDevices: ['pc-a'] }))).toBe('hold');
    // A page that sent no device id is another device too.
    expect(reloginDecision(facts({ connectedDevices: [null] }))).toBe('hold');
    expect(reloginDecision(facts({ connectedDevices: ['pc-a'], device: null }))).toBe('hold');
  });

  it('takes over when only the same browser is connected', () => {
    expect(reloginDecision(facts({ connectedDevices: ['pc-b'] }))).toBe('take-over');
    expect(reloginDecision(facts({ connectedDevices: ['pc-b', 'pc-a'] }))).toBe('hold');
  });

  it('waits when the device that answered last has dropped (a crashed PC), however long ago', () => {
    const lost = (ms: number, device: string | null = 'pc-a') => ({ at: ago(ms), device });
    expect(reloginDecision(facts({ lastLost: lost(60_000) }))).toBe('hold');
    expect(reloginDecision(facts({ lastLost: lost(3 * 3600_000) }))).toBe('hold');
    expect(reloginDecision(facts({ lastLost: lost(60_000, null), device: null }))).toBe('hold');
    // The same browser coming back (its storage cleared) takes over.
    expect(reloginDecision(facts({ lastLost: lost(60_000, 'pc-b') }))).toBe('take-over');
    // Lost, then back and closed cleanly since: nothing recent to protect.
    expect(reloginDecision(facts({ lastLost: lost(60_000), restoredAfterLost: true }))).toBe('take-over');
  });

  it('never waits outside an attempt in progress', () => {
    expect(reloginDecision(facts({ inProgress: false, connectedDevices: ['pc-a'] }))).toBe('take-over');
  });
});
