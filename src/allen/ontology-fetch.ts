// The structure graph's download and its row schema (zod). ontology.ts has the tree itself, which
// the page uses without this module.
import { z } from 'zod';
import type { AllenContext, CallOptions } from './context.ts';
import { fetchAllRows, intId, numeric } from './envelope.ts';
import { AllenError } from './errors.ts';
import { Ontology, type RawStructureNode } from './ontology.ts';

export const rawStructureNodeSchema: z.ZodType<RawStructureNode> = z.lazy(() =>
  z.object({
    id: intId,
    acronym: z.string(),
    name: z.string(),
    color_hex_triplet: z.string(),
    graph_order: numeric,
    st_level: numeric.nullable().optional(),
    parent_structure_id: intId.nullable(),
    children: z.array(rawStructureNodeSchema),
  }),
);
/** Ontology from structure_graph_download JSON rows (the envelope's msg). */
export function ontologyFromRows(rows: readonly unknown[]): Ontology {
  const parsed = z.array(rawStructureNodeSchema).parse(rows);
  return new Ontology(parsed);
}

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
