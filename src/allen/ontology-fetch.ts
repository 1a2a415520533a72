import type { AllenContext, CallOptions } from './context.ts';
import { fetchAllRows } from './envelope.ts';
import { AllenError } from './errors.ts';
import { Ontology, rawStructureNodeSchema } from './ontology.ts';

export function ontologyUrl(apiBase: string): string {
  return `${apiBase}/api/v2/structure_graph_download/1.json`;
}

/** Structure graph 1 (envelope with msg = [root]) as an Ontology. */
export async function fetchOntology(ctx: AllenContext, opts: CallOptions = {}): Promise<Ontology> {
  const url = ontologyUrl(ctx.apiBase);
  const what = 'Loading the structure ontology';
  const { rows } = await fetchAllRows(ctx.http, { what, signal: opts.signal }, () => url, rawStructureNodeSchema, 1);
  try {
    return new Ontology(rows);
  } catch (e) {
    const detail = `the structure graph from ${url} is unusable (${e instanceof Error ? e.message : String(e)})`;
    throw new AllenError({
      kind: rows.length === 0 ? 'empty' : 'validation',
      what,
      url,
      detail,
      cause: e,
    });
  }
}
