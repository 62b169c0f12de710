/**
 * Security incidents (whoever the API allows: admins and CEC coordinators read them; admins record
 * the report): an official who read too many applicants' personal data in a window, by name and
 * role, where they act, how many reads, and whether it was reported to the personal data protection
 * authority.
 */
import { useCallback, useState } from 'react';
import { api, can, type Me } from '../api';
import { usePlaces } from '../places';
import { ProblemView, usePolling, when, ScrollRegion } from '../ui';
import { useScreenWords } from '../words/define';
import { INCIDENTS_WORDS } from '../words/incidents';
import { OFFICIALS_WORDS } from '../words/officials';
import { territoryName } from './accounts';
import { Done, fill, inWords, useDone } from './admin-kit';

interface Incident {
  id: string;
  kind: string;
  userId: string;
  userName: string | null;
  userRole: string | null;
  regionCode: string | null;
  districtId: string | null;
  stationId: string | null;
  windowStart: string;
  count: number;
  detectedAt: string;
  detail: { limit?: number; windowMinutes?: number; role?: string } | null;
  reportedAt: string | null;
  reportedByName: string | null;
}

export function IncidentsPage({ me }: { me: Me }) {
  const w = useScreenWords(INCIDENTS_WORDS);
  const people = useScreenWords(OFFICIALS_WORDS);
  const [items, setItems] = useState<Incident[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useDone();
  const places = usePlaces((items ?? []).filter((i) => i.stationId && i.districtId).map((i) => i.districtId!));
  const load = useCallback(async () => {
    try {
      setItems(await api<Incident[]>('GET', '/v1/security-incidents'));
    } catch (err) {
      setError(err);
    }
  }, []);
  usePolling(load, 60_000);
  const mayReport = can(me, 'POST /v1/security-incidents/:id/reported');
  const name = (i: Incident) => i.userName ?? people.unknownPerson;
  const role = (i: Incident) => people.roles[i.userRole ?? i.detail?.role ?? ''] ?? '';

  const report = async (i: Incident) => {
    setError(null);
    setDone(null);
    try {
      await api('POST', `/v1/security-incidents/${i.id}/reported`);
      setDone((l) => fill(INCIDENTS_WORDS[l].markedReported, { name: i.userName ?? OFFICIALS_WORDS[l].unknownPerson }));
      await load();
    } catch (err) {
      setError(inWords(err, w.lang));
    }
  };

  return (
    <section>
      <h1>{w.title}</h1>
      <p className="hint">{w.intro}</p>
      <Done done={done} />
      <ProblemView error={error} />
      {items && items.length === 0 && <p>{w.none}</p>}
      {items && items.length > 0 && (
        <ScrollRegion>
          <table>
            <thead>
              <tr>
                <th scope="col">{w.detected}</th>
                <th scope="col">{w.official}</th>
                <th scope="col">{w.place}</th>
                <th scope="col">{w.what}</th>
                <th scope="col">{w.reported}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr key={i.id} data-incident={i.id}>
                  <td>{when(i.detectedAt, w.lang)}</td>
                  <td>
                    <span data-name="">{name(i)}</span>
                    {role(i) && (
                      <>
                        <br />
                        <span className="hint">{role(i)}</span>
                      </>
                    )}
                  </td>
                  <td>{territoryName({ role: i.userRole ?? '', ...i }, places, people, w.lang)}</td>
                  <td>
                    {fill(w.kinds[i.kind] ?? w.otherKind, {
                      count: i.count,
                      minutes: i.detail?.windowMinutes ?? '',
                      limit: i.detail?.limit ?? '',
                    })}{' '}
                    ({fill(w.window, { from: when(i.windowStart, w.lang) })})
                  </td>
                  <td className={i.reportedAt ? undefined : 'state-overdue'}>
                    {i.reportedAt ? (
                      fill(w.reportedAt, {
                        at: when(i.reportedAt, w.lang),
                        name: i.reportedByName ?? people.operator,
                      })
                    ) : (
                      <>
                        {w.notReported}
                        {mayReport && (
                          <>
                            <br />
                            <button type="button" onClick={() => report(i)}>
                              {w.markReported}
                            </button>
                          </>
                        )}
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </section>
  );
}
