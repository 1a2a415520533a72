// Lists of acronyms in a link (`r`, `s`, `hide`, `tgt`, matrix targets) are comma-separated, but
// four CCF acronyms hold a comma themselves: "CUL4, 5" and its layers "CUL4, 5gr", "CUL4, 5mo",
// "CUL4, 5pu", always followed by a space. The app writes separators as a bare ',' (never ', '),
// so a comma followed by a space belongs to the acronym. A hand-typed "VISp, MOs" is therefore read
// as one (unknown) acronym, and the view's "did you mean" says so.

/** Splits a link's acronym list; items are trimmed, empty ones dropped. */
export function splitAcronymList(raw: string): string[] {
  return raw
    .split(/,(?! )/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}
