// URL parameters of the injection-sites view (see view-params.ts for the contract):
//   front  '1' = add the front view (ML × DV) to the top (AP × ML) and side (AP × DV) views
//   sz     'eq' = all points the same size (default: radius of a sphere of the injection volume)
import { createViewParams } from './view-params';

export type InjectionPointSizing = 'volume' | 'equal';

export interface InjectionsParams {
  readonly showFront: boolean;
  readonly sizing: InjectionPointSizing;
}

export const DEFAULT_INJECTIONS: InjectionsParams = { showFront: false, sizing: 'volume' };

export function parseInjectionsParams(params: URLSearchParams, notices: string[]): InjectionsParams {
  let showFront = false;
  const rawFront = params.get('front');
  if (rawFront === '1') showFront = true;
  else if (rawFront !== null && rawFront !== '0') notices.push(`Ignored an invalid front-view value "${rawFront.slice(0, 20)}"; it is off.`);
  let sizing: InjectionPointSizing = 'volume';
  const rawSize = params.get('sz');
  if (rawSize === 'eq') sizing = 'equal';
  else if (rawSize !== null && rawSize !== 'vol')
    notices.push(`Ignored an unknown point sizing "${rawSize.slice(0, 20)}"; points are sized by injection volume.`);
  return { showFront, sizing };
}

export function writeInjectionsParams(s: InjectionsParams, params: URLSearchParams): void {
  if (s.showFront) params.set('front', '1');
  if (s.sizing === 'equal') params.set('sz', 'eq');
}

export const injectionsParams = createViewParams<InjectionsParams>({
  defaults: DEFAULT_INJECTIONS,
  parse: parseInjectionsParams,
  write: writeInjectionsParams,
});
