/**
 * What every tab shares: the client, the salon's formatter, and "topics" that live events
 * bump so that each query refetches what a change affects, without a reload.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { LiveMessage } from '../../electron/contract/index.js';
import type { ConnectionState, SalonClient } from './api/client.js';
import { makeFormatter, type Formatter } from './format.js';

export type Topic = 'calls' | 'appointments' | 'customers' | 'metrics' | 'settings' | 'insights' | 'connectors';
const ALL_TOPICS: Topic[] = ['calls', 'appointments', 'customers', 'metrics', 'settings', 'insights', 'connectors'];

/** Which data a live message changes. */
export function topicsOf(message: LiveMessage): Topic[] {
  switch (message.type) {
    case 'call.started':
    case 'call.updated':
      return ['calls', 'customers', 'metrics'];
    case 'appointment.created':
    case 'appointment.updated':
      return ['appointments', 'customers', 'calls', 'metrics'];
    case 'metrics.updated':
      // Also the one message of a batch (a phone connector's backfill page): the calls and callers it added.
      return ['metrics', 'calls', 'customers'];
    case 'weekly.report':
      return ['metrics', 'insights'];
    case 'connector.updated':
      return ['connectors'];
    case 'import.progress':
      // A CSV import's progress: once it is done, what it may have added is fetched again.
      return message.data.phase === 'done' ? ['customers', 'appointments', 'calls', 'metrics', 'settings'] : [];
    default:
      return [];
  }
}

type Versions = Record<Topic, number>;

interface Shared {
  client: SalonClient;
  versions: Versions;
  /** Marks topics as changed (after a front-desk action or a live message). */
  touch(topics: Topic[]): void;
  connection: ConnectionState;
  fmt: Formatter;
  setSalonZone(zone: string, region?: string): void;
}

const SharedContext = createContext<Shared | null>(null);

export function SharedProvider({ client, children }: { client: SalonClient; children: ReactNode }) {
  const [versions, setVersions] = useState<Versions>(() => Object.fromEntries(ALL_TOPICS.map((t) => [t, 0])) as Versions);
  const [connection, setConnection] = useState<ConnectionState>(client.connection());
  const [zone, setZone] = useState<{ timezone: string; region: string }>({
    timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    region: 'US',
  });
  const pending = useRef(new Set<Topic>());
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const touch = useCallback((topics: Topic[]) => {
    for (const t of topics) pending.current.add(t);
    // One refetch per burst of events (a call's started/answered/ended arrive close together).
    if (timer.current === undefined) {
      timer.current = setTimeout(() => {
        timer.current = undefined;
        const changed = [...pending.current];
        pending.current.clear();
        setVersions((v) => {
          const next = { ...v };
          for (const t of changed) next[t] += 1;
          return next;
        });
      }, 60);
    }
  }, []);

  useEffect(() => client.subscribe((message) => touch(topicsOf(message))), [client, touch]);
  useEffect(() => {
    const off = client.onConnection((state) => {
      setConnection(state);
      // Back after a drop: events may have been missed, so everything is fetched again.
      if (state === 'open') touch(ALL_TOPICS);
    });
    // It may have changed between the first render and this subscription.
    setConnection(client.connection());
    return off;
  }, [client, touch]);
  useEffect(() => () => clearTimeout(timer.current), []);

  const setSalonZone = useCallback((timezone: string, region?: string) => {
    setZone((z) => (z.timezone === timezone && (!region || z.region === region) ? z : { timezone, region: region ?? z.region }));
  }, []);
  const fmt = useMemo(() => makeFormatter(zone.timezone, zone.region), [zone]);

  const value = useMemo(() => ({ client, versions, touch, connection, fmt, setSalonZone }), [client, versions, touch, connection, fmt, setSalonZone]);
  return <SharedContext.Provider value={value}>{children}</SharedContext.Provider>;
}

export function useShared(): Shared {
  const shared = useContext(SharedContext);
  if (!shared) throw new Error('useShared outside SharedProvider');
  return shared;
}

export const useClient = () => useShared().client;
export const useFormat = () => useShared().fmt;

export interface Query<T> {
  data: T | undefined;
  error: unknown;
  /** True until the first answer (later refreshes keep showing the last data). */
  loading: boolean;
  refreshing: boolean;
  reload(): void;
}

/**
 * Fetches with the client, and again whenever `key` changes or one of `topics` is touched.
 * A late answer to an older request never overwrites a newer one.
 */
export function useQuery<T>(fetcher: (client: SalonClient) => Promise<T>, key: unknown[], topics: Topic[]): Query<T> {
  const { client, versions } = useShared();
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean; refreshing: boolean; forKey: string }>({
    data: undefined,
    error: undefined,
    loading: true,
    refreshing: false,
    forKey: '',
  });
  const [nonce, setNonce] = useState(0);
  const seq = useRef(0);
  const keyString = JSON.stringify(key);
  const topicVersion = topics.map((t) => versions[t]).join(',');
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;

  useEffect(() => {
    const mine = ++seq.current;
    setState((s) => (s.forKey === keyString ? { ...s, refreshing: true } : { data: undefined, error: undefined, loading: true, refreshing: true, forKey: keyString }));
    fetcherRef.current(client).then(
      (data) => {
        if (mine === seq.current) setState({ data, error: undefined, loading: false, refreshing: false, forKey: keyString });
      },
      (error: unknown) => {
        if (mine === seq.current) setState((s) => ({ data: s.forKey === keyString ? s.data : undefined, error, loading: false, refreshing: false, forKey: keyString }));
      },
    );
  }, [client, keyString, topicVersion, nonce]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, refreshing: state.refreshing, reload };
}

/** Runs a front-desk action: pending state, the server's error as it said it, and the topics it changes on success. */
export function useAction<A extends unknown[], R>(action: (client: SalonClient, ...args: A) => Promise<R>, topics: Topic[]) {
  const { client, touch } = useShared();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const run = useCallback(
    async (...args: A): Promise<R | undefined> => {
      setPending(true);
      setError(undefined);
      try {
        const result = await action(client, ...args);
        touch(topics);
        return result;
      } catch (err) {
        setError(err);
        return undefined;
      } finally {
        setPending(false);
      }
    },
    [client, touch, action, topics.join(',')],
  );
  return { run, pending, error, clearError: () => setError(undefined) };
}
