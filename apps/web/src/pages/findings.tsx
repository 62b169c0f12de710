/**
 * A reconciliation round's findings on screen (#/findings?reconciliation=ID): by category and by
 * station, each with its evidence (what the file says, what the register says, the other station,
 * district or region, by name), filtered and paged as the API serves them; every read is audited by
 * the API. The akimat's XLSX and PDF reports beside them. The review task (district commission) and
 * the corrections task (registrar, with the commission's send-back) lead here.
 */
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api, download, type Me } from '../api';
import { useWords } from '../i18n';
import { count, go, ProblemView, when, type Route, ScrollRegion, useScreenTitle } from '../ui';
import { useScreenWords } from '../words/define';
import { FINDINGS_WORDS } from '../words/findings';

type Named = { ru: string; kk: string };
interface Finding {
  id: string;
  category: number;
  subcategory: string;
  cod: number | null;
  row?: number | null;
  iin: string | null;
  station: string | null;
  premises: string | null;
  otherStation: { number: string; premises: string | null } | null;
  surname: string | null;
  firstName: string | null;
  patronymic: string | null;
  categoryLabel: Named;
  label: Named;
  evidenceText: Named;
  places: { kind: 'district' | 'region'; code: string; name: Named }[];
}
interface Run {
  id: string;
  period: string;
  round: number;
  reconciledAt: string;
  voterRecords: number;
  recordsWithFindings: number;
  region: { code: string; name: Named };
  district: { id: string; name: Named };
  categories: { category: number; records: number; label: Named }[];
  stations: { station: string | null; findings: number; premises: string | null }[];
}
interface Page {
  run: Run;
  total: number;
  items: Finding[];
  nextCursor: string | null;
}

/** The route's screen: the round named in the URL, its filters in the URL too. */
export function FindingsPage({ route }: { me: Me; route: Route }) {
  const w = useScreenWords(FINDINGS_WORDS);
  const id = route.params.get('reconciliation');
  if (!id)
    return (
      <section>
        <h1>{w.title}</h1>
        <p>{w.chooseRound}</p>
      </section>
    );
  const category = route.params.get('category');
  const station = route.params.get('station');
  const size = Number(route.params.get('size') ?? '') || 50;
  return (
    <FindingsView
      id={id}
      category={category}
      station={station}
      size={size}
      onFilter={(f) =>
        go('findings', {
          reconciliation: id,
          ...(f.category ? { category: f.category } : {}),
          ...(f.station ? { station: f.station } : {}),
          ...(route.params.get('size') ? { size: String(size) } : {}),
        })
      }
      level={1}
    />
  );
}

/**
 * The findings of one round. On its own screen the filters go into the URL (`onFilter`); embedded
 * in a task they are kept here.
 */
export function FindingsView(props: {
  id: string;
  category?: string | null;
  station?: string | null;
  size?: number;
  onFilter?: (f: { category: string; station: string }) => void;
  level: 1 | 3;
}) {
  const w = useScreenWords(FINDINGS_WORDS);
  const { t, lang } = useWords();
  const [own, setOwn] = useState({ category: props.category ?? '', station: props.station ?? '' });
  const filter = props.onFilter ? { category: props.category ?? '', station: props.station ?? '' } : own;
  const size = props.size ?? 50;
  const [page, setPage] = useState<Page | null>(null);
  const [error, setError] = useState<unknown>(null);
  const status = useRef<HTMLParagraphElement>(null);
  const moved = useRef(false);

  const fetchPage = useCallback(
    async (after: string | null) => {
      const q = new URLSearchParams({ limit: String(size), reason: w.reason });
      if (filter.category) q.set('category', filter.category);
      if (filter.station) q.set('station', filter.station);
      if (after) q.set('after', after);
      return api<Page>('GET', `/v1/reconciliations/${props.id}/discrepancies?${q}`);
    },
    // w.reason changes with the language; the page is read again then.
    [props.id, filter.category, filter.station, size, w.reason],
  );

  useEffect(() => {
    let live = true;
    setError(null);
    fetchPage(null).then(
      (p) => live && setPage(p),
      (err) => live && setError(err),
    );
    return () => {
      live = false;
    };
  }, [fetchPage]);

  // After a filter or a further page, focus goes to the status that says what is shown now.
  useEffect(() => {
    if (moved.current && page) {
      moved.current = false;
      status.current?.focus();
    }
  }, [page]);

  const more = async () => {
    if (!page?.nextCursor) return;
    try {
      const next = await fetchPage(page.nextCursor);
      moved.current = true;
      setPage({ ...next, items: [...page.items, ...next.items] });
    } catch (err) {
      setError(err);
    }
  };

  const apply = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const next = { category: String(f.get('category') ?? ''), station: String(f.get('station') ?? '') };
    moved.current = true;
    if (props.onFilter) props.onFilter(next);
    else setOwn(next);
  };

  const run = page?.run;
  const H = props.level === 1 ? 'h1' : 'h3';
  const H2 = props.level === 1 ? 'h2' : 'h4';
  const stationWords = (n: string | null, premises: string | null) => (n ? w.stationName(n, premises) : w.noStation);
  const report = (format: 'xlsx' | 'pdf') => () =>
    download(
      `/v1/reconciliations/${props.id}/report?format=${format}&lang=${lang}&reason=${encodeURIComponent(w.reason)}`,
      `report.${format}`,
      format === 'pdf',
    ).catch(setError);

  // Rows in the API's order (category, station, Cod): a heading row opens each category.
  const rows: ({ head: number; label: string } | Finding)[] = [];
  for (const f of page?.items ?? []) {
    const last = rows.length ? rows[rows.length - 1] : null;
    const lastCategory = last && 'head' in last ? last.head : (last as Finding | null)?.category;
    if (lastCategory !== f.category) rows.push({ head: f.category, label: f.categoryLabel[lang] });
    rows.push(f);
  }

  const heading = run ? w.heading(run.district.name[lang], run.round, run.period) : w.title;
  useScreenTitle(run && props.level === 1 ? heading : null);

  return (
    <section className="findings" data-findings={props.id}>
      <H>{heading}</H>
      <ProblemView error={error} />
      {!page && !error && <p>{w.loading}</p>}
      {run && (
        <>
          <dl className="facts">
            <div>
              <dt>{w.region}</dt>
              <dd>{run.region.name[lang]}</dd>
            </div>
            <div>
              <dt>{t.district}</dt>
              <dd>{run.district.name[lang]}</dd>
            </div>
            <div>
              <dt>{w.reconciledAt}</dt>
              <dd>{when(run.reconciledAt, lang)}</dd>
            </div>
            <div>
              <dt>{w.voterRecords}</dt>
              <dd>{run.voterRecords}</dd>
            </div>
            <div>
              <dt>{w.recordsWithFindings}</dt>
              <dd>{run.recordsWithFindings}</dd>
            </div>
          </dl>
          <div className="reports" role="group" aria-label={w.reports}>
            <strong>{w.reports}:</strong>{' '}
            <button type="button" className="link" onClick={report('xlsx')}>
              {w.xlsx}
            </button>{' '}
            <button type="button" className="link" onClick={report('pdf')}>
              {w.pdf}
            </button>
          </div>
          <p className="hint">{w.audited}</p>
          <div className="split2">
            <div>
              <H2>{w.byCategory}</H2>
              {run.categories.length === 0 ? (
                <p>{w.none}</p>
              ) : (
                <ul data-by-category>
                  {run.categories.map((c) => (
                    <li key={c.category} data-category={c.category}>
                      {w.categoryNo(c.category)}. {c.label[lang]}: {count(c.records, w.recordForms, lang)}
                    </li>
                  ))}
                </ul>
              )}
            </div>
            <div>
              <H2>{w.byStation}</H2>
              {run.stations.length === 0 ? (
                <p>{w.none}</p>
              ) : (
                <ul data-by-station>
                  {run.stations.map((s) => (
                    <li key={s.station ?? ''} data-station={s.station ?? ''}>
                      {stationWords(s.station, s.premises)}: {count(s.findings, w.forms, lang)}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </div>
          <form className="inline" onSubmit={apply} noValidate>
            <label>
              {w.category}
              <select name="category" defaultValue={filter.category} key={`c${filter.category}`}>
                <option value="">{w.allCategories}</option>
                {run.categories.map((c) => (
                  <option key={c.category} value={c.category}>
                    {w.categoryNo(c.category)}. {c.label[lang]}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {w.station}
              <select name="station" defaultValue={filter.station} key={`s${filter.station}`}>
                <option value="">{w.allStations}</option>
                {run.stations
                  .filter((s) => s.station)
                  .map((s) => (
                    <option key={s.station} value={s.station!}>
                      {stationWords(s.station, s.premises)}
                    </option>
                  ))}
              </select>
            </label>
            <button type="submit">{w.show}</button>
          </form>
          <p role="status" tabIndex={-1} ref={status} data-findings-shown={page.items.length} data-total={page.total}>
            {page.total === 0
              ? filter.category || filter.station
                ? w.noneHere
                : w.none
              : `${count(page.total, w.forms, lang)}. ${w.shown(String(page.items.length), String(page.total))}`}
          </p>
          {page.items.length > 0 && (
            <ScrollRegion>
              <table className="report findings-table">
                <thead>
                  <tr>
                    <th scope="col">{w.finding}</th>
                    <th scope="col">{w.station}</th>
                    <th scope="col">{w.cod}</th>
                    <th scope="col">{w.row}</th>
                    <th scope="col">{w.iin}</th>
                    <th scope="col">{w.person}</th>
                    <th scope="col">{w.evidence}</th>
                    <th scope="col">{w.involved}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) =>
                    'head' in r ? (
                      <tr key={`h${r.head}`} className="group">
                        <th scope="rowgroup" colSpan={8}>
                          {w.categoryNo(r.head)}. {r.label}
                        </th>
                      </tr>
                    ) : (
                      <tr key={r.id} data-finding={r.id} data-category={r.category}>
                        <td>{r.label[lang]}</td>
                        <td>{stationWords(r.station, r.premises)}</td>
                        <td className="num">{r.cod ?? '—'}</td>
                        <td className="num">{r.row ?? '—'}</td>
                        <td className="mono" data-verbatim="">
                          {r.iin ?? '—'}
                        </td>
                        <td>{[r.surname, r.firstName, r.patronymic].filter(Boolean).join(' ') || '—'}</td>
                        <td>{r.evidenceText[lang] || '—'}</td>
                        <td data-involved>
                          {[
                            ...r.places.map(
                              (p) => `${p.kind === 'district' ? w.district : w.regionWord}: ${p.name[lang]}`,
                            ),
                            ...(r.otherStation
                              ? [w.otherStation(w.stationName(r.otherStation.number, r.otherStation.premises))]
                              : []),
                          ].join('; ') || '—'}
                        </td>
                      </tr>
                    ),
                  )}
                </tbody>
              </table>
            </ScrollRegion>
          )}
          {page.nextCursor && (
            <button type="button" onClick={() => void more()}>
              {w.more}
            </button>
          )}
        </>
      )}
    </section>
  );
}

interface TaskWithRound {
  kind: string;
  round: number;
  reconciliation?: { id: string; round: number; discrepancies: number; at: string } | null;
  sentBack?: {
    at: string | null;
    by: { id: string; fullName: string; role: string } | null;
    comment: string | null;
  } | null;
}

/**
 * On a review task: the round's count of findings and the way to them. On a corrections task: who
 * sent the data back, when, with what comment, and the findings to correct.
 */
export function TaskFindings({ task }: { task: TaskWithRound }) {
  const w = useScreenWords(FINDINGS_WORDS);
  const { t, lang } = useWords();
  const [shown, setShown] = useState(false);
  if (task.kind !== 'REVIEW_DISCREPANCIES' && task.kind !== 'SUBMIT_CORRECTIONS') return null;
  const r = task.reconciliation;
  const back = task.sentBack;
  return (
    <div className="task-findings" data-task-findings>
      {task.kind === 'SUBMIT_CORRECTIONS' && back && (
        <div className="card sent-back" data-sent-back>
          <h3>{w.sentBack}</h3>
          <dl className="facts">
            <div>
              <dt>{w.sentBackBy}</dt>
              <dd data-sent-back-by>
                {back.by ? `${back.by.fullName}${t.levels[back.by.role] ? ` (${t.levels[back.by.role]})` : ''}` : '—'}
              </dd>
            </div>
            <div>
              <dt>{w.sentBackAt}</dt>
              <dd>{when(back.at, lang)}</dd>
            </div>
          </dl>
          <p>
            <strong>{w.comment}:</strong> <q data-sent-back-comment>{back.comment || w.noComment}</q>
          </p>
        </div>
      )}
      {r ? (
        <p>
          {task.kind === 'SUBMIT_CORRECTIONS' ? `${w.toCorrect}. ` : ''}
          {w.roundFindings(r.round)}{' '}
          <strong data-round-findings={r.discrepancies}>{count(r.discrepancies, w.forms, lang)}</strong> ·{' '}
          <a href={`#/findings?reconciliation=${r.id}`}>{w.open}</a> ·{' '}
          <button type="button" className="link" aria-expanded={shown} onClick={() => setShown(!shown)}>
            {shown ? t.hideReport : w.show}
          </button>
        </p>
      ) : (
        <p className="hint">{w.noRound}</p>
      )}
      {r && shown && <FindingsView id={r.id} size={20} level={3} />}
    </div>
  );
}
