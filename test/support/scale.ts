/**
 * How many times larger the load and fault tests run: 1 in `npm test` (kept short), more when
 * `npm run bench` runs them as its long soak (`SALON_TEST_SCALE=N`).
 */
export const TEST_SCALE = Math.max(1, Math.floor(Number(process.env.SALON_TEST_SCALE ?? 1)) || 1);
