// The Help panel: a non-modal dialog docked on the right below the header. It opens at the
// current view's section (or at the entry a HelpHint asked for), with a table of contents to the
// other sections; Escape, its close button or the header's Help button close it, and focus goes
// back to whatever opened it. Closed, it renders nothing. Text: components/help-content.ts.
import { Fragment, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type MouseEvent, type RefObject } from 'react';
import {
  AP_CONVENTION,
  citations,
  HELP_PARAMS,
  HELP_SECTIONS,
  helpDomId,
  PROCESSING_NOTES,
  sectionFor,
  sectionForTopic,
  type HelpParamId,
  type HelpSection,
} from '../../components/help-content.ts';
import { APP_VERSION, DATA_RELEASE } from '../../config/app.ts';
import { useHelpStore } from '../../state/help-store.ts';
import type { ViewName } from '../../state/url-state.ts';
import { useViewStore } from '../../state/view-store.ts';
import './help.css';

export interface HelpPanelProps {
  /** The panel is placed below this element (the app header) while it is on screen. */
  readonly anchorRef: RefObject<HTMLElement | null>;
  /** Where focus goes on close when the element that opened the panel is gone. */
  readonly returnFocusRef: RefObject<HTMLElement | null>;
}

const EXTRA_SECTIONS = [
  { id: helpDomId.section('processing'), title: 'Processing' },
  { id: helpDomId.section('ap'), title: 'AP and coordinates' },
  { id: helpDomId.section('cite'), title: 'How to cite' },
] as const;

const titleId = (sectionId: string): string => `${sectionId}-title`;

/** Close the panel and give focus back to what opened it (or the fallback). */
export function closeHelp(fallback: HTMLElement | null): void {
  const { opener, close } = useHelpStore.getState();
  close();
  const to = opener?.isConnected ? opener : fallback;
  to?.focus();
}

/** Scroll a section heading or entry into view and focus it (each carries tabIndex −1). */
function reveal(id: string): void {
  const el = document.getElementById(id);
  if (!el) return;
  el.scrollIntoView({ block: 'start' });
  el.focus({ preventScroll: true });
}

export function HelpPanel({ anchorRef, returnFocusRef }: HelpPanelProps) {
  const open = useHelpStore((s) => s.open);
  if (!open) return null;
  return <OpenHelpPanel anchorRef={anchorRef} returnFocusRef={returnFocusRef} />;
}

function OpenHelpPanel({ anchorRef, returnFocusRef }: HelpPanelProps) {
  const topic = useHelpStore((s) => s.topic) as HelpParamId | null;
  const request = useHelpStore((s) => s.request);
  const view = useViewStore((s) => s.view);
  const panel = useRef<HTMLDivElement>(null);
  const [highlight, setHighlight] = useState<string | null>(null);

  // Below the header while it is visible, to the top of the window once it scrolled away.
  useLayoutEffect(() => {
    const place = (): void => {
      const bottom = anchorRef.current?.getBoundingClientRect().bottom ?? 0;
      if (panel.current) panel.current.style.top = `${Math.max(0, bottom)}px`;
    };
    place();
    window.addEventListener('scroll', place, { passive: true });
    window.addEventListener('resize', place);
    return () => {
      window.removeEventListener('scroll', place);
      window.removeEventListener('resize', place);
    };
  }, [anchorRef]);

  // Each open request shows its entry, or the current view's section; the view is read when the
  // request arrives (switching views while open does not move the reader).
  useEffect(() => {
    const current = useViewStore.getState().view;
    const entrySection = topic ? sectionForTopic(topic, current) : undefined;
    if (topic && entrySection) {
      const id = helpDomId.entry(entrySection.view, topic);
      setHighlight(id);
      reveal(id);
    } else {
      setHighlight(null);
      reveal(titleId(helpDomId.section(sectionFor(current) ? current : 'processing')));
    }
  }, [request, topic]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (e.key !== 'Escape') return;
    e.stopPropagation();
    closeHelp(returnFocusRef.current);
  };
  const jump = (e: MouseEvent<HTMLAnchorElement>, id: string): void => {
    // a hash in the address would leave the link that reproduces the figure
    e.preventDefault();
    setHighlight(null);
    reveal(titleId(id));
  };

  return (
    <div ref={panel} className="help-panel" role="dialog" aria-modal="false" aria-labelledby="help-title" onKeyDown={onKeyDown} data-testid="help-panel">
      <div className="help-head">
        <h2 id="help-title">Help</h2>
        <button type="button" className="help-close" aria-label="Close help" onClick={() => closeHelp(returnFocusRef.current)}>
          ×
        </button>
      </div>
      <nav className="help-toc" aria-label="Help contents">
        <ul>
          {HELP_SECTIONS.map((s) => {
            const id = helpDomId.section(s.view);
            return (
              <li key={s.view}>
                <a href={`#${id}`} aria-current={s.view === view ? 'location' : undefined} onClick={(e) => jump(e, id)}>
                  {s.title}
                </a>
              </li>
            );
          })}
          {EXTRA_SECTIONS.map((s) => (
            <li key={s.id}>
              <a href={`#${s.id}`} onClick={(e) => jump(e, s.id)}>
                {s.title}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="help-body">
        {HELP_SECTIONS.map((s) => (
          <ViewSection key={s.view} section={s} current={s.view === view} highlight={highlight} onJump={jump} />
        ))}
        <ProcessingSection />
        <section id={helpDomId.section('ap')} aria-labelledby={titleId(helpDomId.section('ap'))}>
          <h3 id={titleId(helpDomId.section('ap'))} tabIndex={-1}>
            AP and coordinates
          </h3>
          <p>{AP_CONVENTION}</p>
        </section>
        <CiteSection />
      </div>
    </div>
  );
}

interface ViewSectionProps {
  readonly section: HelpSection;
  readonly current: boolean;
  readonly highlight: string | null;
  readonly onJump: (e: MouseEvent<HTMLAnchorElement>, id: string) => void;
}

function ViewSection({ section: s, current, highlight, onJump }: ViewSectionProps) {
  const id = helpDomId.section(s.view);
  const experiments = helpDomId.section('experiments' satisfies ViewName);
  return (
    <section id={id} aria-labelledby={titleId(id)} data-help-view={s.view}>
      <h3 id={titleId(id)} tabIndex={-1}>
        {s.title}
        {current && <span className="help-current"> (this view)</span>}
      </h3>
      <p>{s.computes}</p>
      <p className="help-bsv">
        <span className="help-label">Ports bsv</span>{' '}
        {s.bsv.length > 0
          ? s.bsv.map((f, i) => (
              <Fragment key={f}>
                {i > 0 && ', '}
                <code>{f}</code>
              </Fragment>
            ))
          : 'no bsv equivalent'}
        {s.bsvNote && <span className="help-bsv-note"> {s.bsvNote}</span>}
      </p>
      {s.usesQuery && (
        <p className="muted">
          Experiments: the query panel above the controls (Injection regions, Mouse line, Primary injection structure only, Products), explained under{' '}
          <a href={`#${experiments}`} onClick={(e) => onJump(e, experiments)}>
            Experiments
          </a>
          .
        </p>
      )}
      <h4>Controls</h4>
      <dl className="help-params">
        {s.params.map((p) => {
          const entry = helpDomId.entry(s.view, p);
          return (
            <div key={p} className={entry === highlight ? 'help-param help-highlight' : 'help-param'}>
              <dt id={entry} tabIndex={-1}>
                {HELP_PARAMS[p].name}
              </dt>
              <dd>{HELP_PARAMS[p].text}</dd>
            </div>
          );
        })}
      </dl>
    </section>
  );
}

function ProcessingSection() {
  const id = helpDomId.section('processing');
  return (
    <section id={id} aria-labelledby={titleId(id)}>
      <h3 id={titleId(id)} tabIndex={-1}>
        Processing
      </h3>
      <dl className="help-params">
        {PROCESSING_NOTES.map((n) => (
          <div key={n.term} className="help-param">
            <dt>{n.term}</dt>
            <dd>{n.text}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function CiteSection() {
  const id = helpDomId.section('cite');
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  const list = citations(APP_VERSION, DATA_RELEASE, window.location.href);
  const copy = async (): Promise<void> => {
    // the address at the time of copying: it follows every parameter change
    const text = citations(APP_VERSION, DATA_RELEASE, window.location.href)
      .map((c) => (c.label === 'This app' ? c.text : `${c.text} ${c.url}`))
      .join('\n');
    try {
      await navigator.clipboard.writeText(text);
      setCopied('copied');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <section id={id} aria-labelledby={titleId(id)}>
      <h3 id={titleId(id)} tabIndex={-1}>
        How to cite
      </h3>
      <p className="muted">Cite the data, the atlas, the methods and this app with its version and the link of the figure (it reproduces it exactly).</p>
      <ul className="help-cite" data-testid="help-citations">
        {list.map((c) => (
          <li key={c.label}>
            <span className="help-label">{c.label}</span> {c.text}{' '}
            {c.label !== 'This app' && (
              <a href={c.url} target="_blank" rel="noreferrer noopener">
                {c.url}
              </a>
            )}
          </li>
        ))}
      </ul>
      <p>
        <button type="button" onClick={() => void copy()}>
          Copy citations
        </button>{' '}
        <span role="status" className="muted small">
          {copied === 'copied' ? 'Copied.' : copied === 'failed' ? 'Copy failed: select the text above.' : ''}
        </span>
      </p>
      <p className="muted small">
        Data © Allen Institute, used under the{' '}
        <a href="https://alleninstitute.org/terms-of-use/" target="_blank" rel="noreferrer noopener">
          Allen Institute terms of use
        </a>
        .
      </p>
    </section>
  );
}
