/**
 * How the API and the worker reach the Temporal frontend: its address and, when TEMPORAL_TLS_* are
 * set (required in production, TIZIM_ENV=production), TLS with the server's CA, the client's
 * certificate for mutual TLS, and the name the server's certificate is checked against. The same
 * options suit the client's Connection and the worker's NativeConnection.
 */
import type { TemporalTls, TizimConfig } from '../config/config';

export function temporalConnectionOptions(temporal: TizimConfig['temporal']): {
  address: string;
  tls?: TemporalTls;
} {
  return temporal.tls ? { address: temporal.address, tls: temporal.tls } : { address: temporal.address };
}
