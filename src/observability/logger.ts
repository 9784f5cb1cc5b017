import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** The levels LOG_LEVEL accepts. */
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/**
 * Returns the service's structured logger: one JSON object per line (`level` as a word, `time` in ISO 8601,
 * `msg`), written to stdout unless `destination` is given (tests pass a stream to read the lines back).
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'pairing-graph' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** A logger that writes nothing: the default of servers built in tests. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
