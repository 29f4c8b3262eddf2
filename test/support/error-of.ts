/** The error `fn` throws, so a test can assert its code and exact message; fails if none. */
export function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}
