// The body rows of the matrix table as laid out (DOM): top of the first row and the span to the
// bottom of the last, from the table's top, in CSS px; measured before paint and again whenever
// the table resizes (rows added, sorted, fonts loaded). null until the table is there.
import { useLayoutEffect, useState, type RefObject } from 'react';
import type { GridRows } from './color-bar-box.ts';

function measure(table: HTMLTableElement): GridRows | null {
  const rows = table.tBodies[0]?.rows;
  const first = rows?.[0];
  const last = rows?.[rows.length - 1];
  if (!first || !last) return null;
  const t = table.getBoundingClientRect().top;
  const a = first.getBoundingClientRect();
  const b = last.getBoundingClientRect();
  return { top: a.top - t, height: b.bottom - a.top };
}

/** `holder` contains the table; `key` changes when the table may have been replaced. */
export function useGridRows(holder: RefObject<HTMLElement | null>, key: unknown): GridRows | null {
  const [rows, setRows] = useState<GridRows | null>(null);
  useLayoutEffect(() => {
    const table = holder.current?.querySelector('table');
    if (!table) {
      setRows(null);
      return;
    }
    const update = () =>
      setRows((prev) => {
        const next = measure(table);
        const same = prev && next && Math.abs(prev.top - next.top) < 0.5 && Math.abs(prev.height - next.height) < 0.5;
        return same ? prev : next;
      });
    update();
    const ro = new ResizeObserver(update);
    ro.observe(table);
    return () => ro.disconnect();
  }, [holder, key]);
  return rows;
}
