/**
 * Preload (`node -r test/support/skew-clock.js`, or NODE_OPTIONS=--require …) that shifts this process's
 * clock by CLOCK_SKEW_TEST_MS: `Date.now()` and `new Date()` without arguments read the real time plus the
 * skew. Other `Date` uses (parsing, explicit times, instanceof) are unchanged. Tests only: it stands in for a
 * node whose system clock is wrong.
 */
'use strict';
const skew = Number(process.env.CLOCK_SKEW_TEST_MS || 0);
if (skew !== 0 && Number.isFinite(skew)) {
  const RealDate = Date;
  const realNow = RealDate.now.bind(RealDate);
  const skewedNow = () => realNow() + skew;
  globalThis.Date = new Proxy(RealDate, {
    construct(target, args, newTarget) {
      return Reflect.construct(target, args.length === 0 ? [skewedNow()] : args, newTarget);
    },
    apply() {
      return new RealDate(skewedNow()).toString();
    },
    get(target, prop) {
      return prop === 'now' ? skewedNow : Reflect.get(target, prop, target);
    },
  });
}
