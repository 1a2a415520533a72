// "Load annotation volume…" in the subregions panel: a file input for the user's own label
// volume (NRRD in CCF space), what is loaded (file, resolution, sizes, labels) with Remove, an
// optional label-names file (CSV/JSON), and why a file was refused. The volume stays in this browser (data/user-annotation.ts).
import { useMutation } from '@tanstack/react-query';
import { useId } from 'react';
import { FieldHead } from '../../components/help-hint.tsx';
import { subregionsParams } from '../../state/subregions-params.ts';
import { importUserAnnotationMutation, removeUserAnnotationMutation, userLabelNamesMutation } from '../../data/user-annotation.ts';
import { useUserAnnotation } from './use-user-annotation.ts';

export function UserAnnotationField() {
  const id = useId();
  const namesId = useId();
  const a = useUserAnnotation();
  const importVolume = useMutation(importUserAnnotationMutation);
  const nameLabels = useMutation(userLabelNamesMutation);
  const remove = useMutation(removeUserAnnotationMutation);
  const m = a.meta;
  return (
    <div className="field user-annotation" data-testid="user-annotation" data-state={a.status}>
      <FieldHead topic="userAnnotation">
        <label htmlFor={id}>Load annotation volume…</label>
      </FieldHead>
      <input
        id={id}
        type="file"
        accept=".nrrd,.nrrd.gz,.gz"
        disabled={a.status === 'importing'}
        onChange={(e) => {
          const input = e.currentTarget;
          const file = input.files?.[0];
          if (!file) return;
          // the field shows why a file was refused (the mutation's error)
          const clear = () => (input.value = '');
          void importVolume.mutateAsync(file).then(() => {
            clear();
            subregionsParams.useStore.getState().set({ level: 'user' });
          }, clear);
        }}
      />
      {a.status === 'importing' && (
        <p className="muted small" role="status">
          Reading {a.importing}…
        </p>
      )}
      {m && (
        <p className="small" data-testid="user-annotation-summary">
          <span>
            {m.fileName}: {m.resolutionUm} µm, {m.sizes.join(' × ')} ({m.type}, {m.encoding}), {m.labels.length} label{m.labels.length === 1 ? '' : 's'} at 100
            µm. Kept in this browser only.
          </span>{' '}
          <button
            type="button"
            aria-label={`Remove the annotation volume ${m.fileName}`}
            onClick={() => {
              if (subregionsParams.useStore.getState().value.level === 'user') subregionsParams.useStore.getState().set({ level: 'children' });
              remove.mutate(m);
            }}
          >
            Remove
          </button>
        </p>
      )}
      {m && (
        <>
          <FieldHead topic="userLabelNames">
            <label htmlFor={namesId}>Label names (optional)…</label>
          </FieldHead>
          <input
            id={namesId}
            type="file"
            accept=".csv,.json,.txt"
            onChange={(e) => {
              const input = e.currentTarget;
              const file = input.files?.[0];
              const clear = () => (input.value = '');
              if (file) void nameLabels.mutateAsync(file).then(clear, clear);
            }}
          />
          {m.namesFile && (
            <p className="muted small" data-testid="user-label-names">
              Names from {m.namesFile}: {m.labels.filter((l) => m.names?.some(([id]) => id === l.id)).length} of {m.labels.length} labels named.
            </p>
          )}
        </>
      )}
      {a.error && (
        <p className="error small" role="alert">
          {a.error}
        </p>
      )}
    </div>
  );
}
