// The Products filter (URL `prod`): every product by default, as bsv (its searches and upstream
// lookup apply no product filter), or only the ticked ones. Names come from Allen's model::Product;
// while they load (or if that request fails) a product shows as "Product <id>".
import { useId } from 'react';
import { productLabel, type Product } from '../allen/experiment-filters.ts';
import { HelpHint } from './help-hint.tsx';

export interface ProductFilterProps {
  /** Ticked product ids; [] = every product. */
  readonly value: readonly number[];
  /** Products present in the experiment list, with experiment counts. */
  readonly products: ReadonlyArray<{ readonly productId: number; readonly count: number }>;
  readonly names: readonly Product[] | undefined;
  readonly onChange: (products: readonly number[]) => void;
}

export function ProductFilter({ value, products, names, onChange }: ProductFilterProps) {
  const id = useId();
  // a product named by a shared link stays visible before the experiment list has loaded
  const listed = [...products.map((p) => p.productId), ...value.filter((v) => !products.some((p) => p.productId === v))];
  const all = listed.length === 0 ? value : listed;
  const every = value.length === 0;
  const ticked = (p: number): boolean => every || value.includes(p);
  const toggle = (p: number, on: boolean): void => {
    const next = (every ? all : value).filter((x) => x !== p).concat(on ? [p] : []);
    // ticking every listed product is the same as no filter
    onChange(all.every((x) => next.includes(x)) ? [] : next);
  };
  return (
    <fieldset className="field product-filter" aria-describedby={`${id}-hint`}>
      <legend>Products</legend>
      <span className="fieldset-hint">
        <HelpHint topic="products" />
      </span>
      <p id={`${id}-hint`} className="muted small">
        {every ? 'Every product (as bsv).' : `${value.length} of ${all.length} products.`}
      </p>
      {listed.map((p) => {
        const count = products.find((x) => x.productId === p)?.count;
        const only = ticked(p) && (every ? all.length === 1 : value.length === 1);
        return (
          <label key={p} className="checkbox" title={`Allen product id ${p}`}>
            <input type="checkbox" checked={ticked(p)} disabled={only} onChange={(e) => toggle(p, e.target.checked)} />
            {productLabel(p, names)}
            {count !== undefined && <span className="muted"> ({count})</span>}
          </label>
        );
      })}
      {!every && (
        <button type="button" onClick={() => onChange([])}>
          Every product
        </button>
      )}
    </fieldset>
  );
}
