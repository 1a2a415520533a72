// Checks of the values a link carries (the view-params codecs): a value passes, or the codec drops
// it with a notice. Hand-written rather than zod schemas: these few string and number checks were
// the page's only use of zod, whose evaluation (~21–26 ms per JS context in headless Chromium on
// the test machine, 7 December) ran in the page's start-up task. Same rules as the schemas they
// replace (z.string().min().max().regex(), z.number().finite()/.int().min().max()).

/** A check with zod's safeParse shape, so codecs read the same whichever checks them. */
export interface UrlCheck<T> {
  safeParse(value: unknown): { readonly success: true; readonly data: T } | { readonly success: false };
}

/** A string of minLength…maxLength characters (inclusive) matching `pattern`. */
export function textCheck(minLength: number, maxLength: number, pattern: RegExp): UrlCheck<string> {
  return {
    safeParse: (value) =>
      typeof value === 'string' && value.length >= minLength && value.length <= maxLength && pattern.test(value)
        ? { success: true, data: value }
        : { success: false },
  };
}

/** A finite number in min…max (inclusive); with `integer`, a safe integer. */
export function numberCheck(min: number, max: number, integer = false): UrlCheck<number> {
  return {
    safeParse: (value) =>
      typeof value === 'number' && Number.isFinite(value) && (!integer || Number.isSafeInteger(value)) && value >= min && value <= max
        ? { success: true, data: value }
        : { success: false },
  };
}

/** The longest acronym a link may name. */
export const MAX_ACRONYM_LENGTH = 40;
/** Allen acronyms are letters, digits and a few separators ("CA1", "SSp-bfd", "VISp6a", "int"). */
export const ACRONYM_PATTERN = /^[A-Za-z0-9][A-Za-z0-9\-_/,.()' ]*$/;
/** An acronym as a link may name it (one rule for every view's codec). */
export const acronymCheck: UrlCheck<string> = textCheck(1, MAX_ACRONYM_LENGTH, ACRONYM_PATTERN);
