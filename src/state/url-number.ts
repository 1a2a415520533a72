// Numbers in links and typed fields are read strictly: plain decimal notation (optionally signed,
// with a fraction or an exponent). JavaScript's Number() also accepts hexadecimal, binary and
// octal literals ("0x1388" = 5000), "Infinity" and surrounding whitespace, so a link could name
// a value nobody wrote; those become NaN here and the caller's notice names them.
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export function parseDecimal(raw: string): number {
  return DECIMAL.test(raw) ? Number(raw) : Number.NaN;
}
