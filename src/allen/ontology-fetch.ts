import type { AllenContext, CallOptions } from './context.ts';
import { fetchAllRows } from './envelope.ts';
import { Ontology, rawStructureNodeSchema } from './ontology.ts';

export function ontologyUrl(apiBase: string): string {
  return `${apiBase}/api/v2/structure_graph_download/1.json`;
}

/** Structure graph 1 (envelope with msg = [root]) as an Ontology. */
export async function fetchOntology(ctx: AllenContext, opts: CallOptions = {}): Promise<Ontology> {
  const url = ontologyUrl(ctx.apiBase);
  const { rows } = await fetchAllRows(
    ctx.http,
    { what: 'Loading the structure ontology', signal: opts.signal },
    () => url,
    rawStructureNodeSchema,
    1,
  );
  return new Ontology(rows);
}
