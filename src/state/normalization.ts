// One URL spelling of the normalisation choice, shared by every view's parameters:
// none (raw densities) · inj (÷ injection signal volume, PSU — bsv) · meta (÷ metadata injection volume).
import type { Normalization } from '../compute/aggregate-plan';

export type { Normalization };

export const NORMALIZATION_CODES: Readonly<Record<string, Normalization>> = {
  none: 'none',
  inj: 'injection-volume',
  meta: 'metadata-volume',
};

export function normalizationCode(n: Normalization): string {
  return n === 'injection-volume' ? 'inj' : n === 'metadata-volume' ? 'meta' : 'none';
}

/** Labels of the choice, for every view's control. */
export const NORMALIZATION_LABELS: Readonly<Record<Normalization, string>> = {
  none: 'None (raw projection density)',
  'injection-volume': '÷ injection volume (PSU, as bsv)',
  'metadata-volume': '÷ metadata injection volume',
};

export const NORMALIZATION_TITLES: Readonly<Record<Normalization, string>> = {
  none: 'Mean projection density, as downloaded',
  'injection-volume':
    "Each experiment divided by its injection signal volume: Allen's ProjectionStructureUnionize record with is_injection = true, structure 997 (root), both hemispheres, projection_volume in mm³ (bsv's injection summary). Experiments without that record are left out and listed.",
  'metadata-volume':
    "Each experiment divided by the experiment list's injection-volume (mm³): the injection site's volume, a different quantity from bsv's divisor, 0.7–1.3× of it on typical data.",
};

/** The processing every averaged view shares (one type: src/protocol/data-contract.ts). */
export type { Processing } from '../protocol/data-contract';
import type { Processing } from '../protocol/data-contract';

export const DEFAULT_PROCESSING: Processing = { normalization: 'none', subtractOtherHemisphere: false };

/**
 * `norm` (none | inj | meta) and `hemi` (both | sub), the same keys in every view. `legacyNormKey`
 * is an older per-view spelling of `norm` still read so old links keep working (matrix `mi`,
 * subregions `si`), where 'inj' meant the metadata volume before this app divided by the PSU one.
 */
export function parseProcessing(params: URLSearchParams, notices: string[], legacyNormKey?: string): Processing {
  const rawNorm = params.get('norm') ?? (legacyNormKey ? params.get(legacyNormKey) : null);
  let normalization: Normalization = DEFAULT_PROCESSING.normalization;
  const code = rawNorm === null ? undefined : NORMALIZATION_CODES[rawNorm];
  if (code) normalization = code;
  else if (rawNorm !== null) notices.push(`Ignored an unknown normalisation "${rawNorm.slice(0, 20)}"; showing raw densities.`);
  const rawHemi = params.get('hemi');
  if (rawHemi !== null && rawHemi !== 'sub' && rawHemi !== 'both') notices.push(`Ignored an unknown hemisphere option "${rawHemi.slice(0, 20)}".`);
  return { normalization, subtractOtherHemisphere: rawHemi === 'sub' };
}

export function writeProcessing(p: Processing, params: URLSearchParams): void {
  if (p.normalization !== 'none') params.set('norm', normalizationCode(p.normalization));
  if (p.subtractOtherHemisphere) params.set('hemi', 'sub');
}
