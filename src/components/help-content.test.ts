import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { VIEW_URL_KEYS, type ViewName } from '../state/url-state.ts';
import { BSV_FUNCTIONS, citations, HELP_PARAMS, HELP_SECTIONS, helpDomId, sectionFor, sectionForTopic, type HelpParamId } from './help-content.ts';

const VIEWS = Object.keys(VIEW_URL_KEYS) as ViewName[];

/** Every `topic="…"` a HelpHint, FieldHead or HintRow is given in the app's source. */
function topicsUsedInSource(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...topicsUsedInSource(path));
    else if (path.endsWith('.tsx')) for (const m of readFileSync(path, 'utf8').matchAll(/(?:topic|help)="([A-Za-z]+)"/g)) out.push(m[1] ?? '');
  }
  return out;
}

describe('help content', () => {
  it('has one section per view of the app, titled like its tab', () => {
    expect(HELP_SECTIONS.map((s) => s.view).sort()).toEqual([...VIEWS].sort());
    for (const v of VIEWS) expect(sectionFor(v)?.title).toBeTruthy();
  });

  it('names the bsv functions each view ports, or says there is no bsv equivalent', () => {
    for (const s of HELP_SECTIONS) {
      if (s.bsv.length === 0) expect(s.bsvNote ?? '').toMatch(/no bsv equivalent/);
      for (const f of s.bsv) expect(BSV_FUNCTIONS).toContain(f);
    }
    // the parts bsv lacks say so
    expect(sectionFor('experiments')?.bsvNote).toMatch(/no bsv equivalent/);
  });

  it('explains every parameter in one line, with its range or choices, and lists each in a section', () => {
    const listed = new Set(HELP_SECTIONS.flatMap((s) => s.params));
    for (const [id, p] of Object.entries(HELP_PARAMS)) {
      expect(listed.has(id as HelpParamId), `${id} is listed in a section`).toBe(true);
      expect(p.name.length).toBeGreaterThan(0);
      expect(p.text).not.toMatch(/\n/);
      expect(p.text.length, id).toBeLessThan(400);
    }
    for (const s of HELP_SECTIONS) expect(new Set(s.params).size, `${s.view} lists each parameter once`).toBe(s.params.length);
  });

  it('gives unique DOM ids to sections and entries', () => {
    const ids = HELP_SECTIONS.flatMap((s) => [helpDomId.section(s.view), ...s.params.map((p) => helpDomId.entry(s.view, p))]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^help-[A-Za-z0-9-]+$/);
  });

  it('opens a shared parameter in the current view when it lists it, else where it is explained', () => {
    expect(sectionForTopic('sliceThickness', 'slices')?.view).toBe('projectome');
    expect(sectionForTopic('normalization', 'matrix')?.view).toBe('matrix');
    expect(sectionForTopic('regions', 'slices')?.view).toBe('experiments');
  });

  it('every HelpHint topic used in the app has an entry', () => {
    const used = topicsUsedInSource(join(import.meta.dirname, '..'));
    expect(used.length).toBeGreaterThan(0);
    for (const t of used) expect(Object.keys(HELP_PARAMS), t).toContain(t);
  });

  it('cites the Allen atlas, the CCFv3, bsv and this app with its version and link', () => {
    const url = 'https://example.org/?v=1&view=proj&t=CP';
    const text = citations('9.8.7', 'ccf2017-mcc2019', url)
      .map((c) => `${c.text} ${c.url}`)
      .join('\n');
    expect(text).toMatch(/Oh SW.*Nature.*2014/);
    expect(text).toMatch(/Wang Q.*Cell.*2020/);
    expect(text).toMatch(/Fabre/);
    expect(text).toContain('github.com/Julie-Fabre/brain_street_view');
    expect(text).toContain('version 9.8.7');
    expect(text).toContain(url);
  });
});
