/** The TCP proxy that loses answers or connections: kept in scripts/lib, which the drill shares. */
export * from '../../scripts/lib/faulty-proxy';
