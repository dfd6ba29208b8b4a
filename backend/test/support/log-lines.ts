import { createLogger, type Logger } from '../../src/logger';

/** A real logger (redaction, serializers, request ids) whose lines are kept in memory. */
export interface CapturedLogs {
  logger: Logger;
  /** Every line as written. */
  readonly lines: string[];
  /** The lines parsed. */
  records(): Record<string, unknown>[];
  /** All lines as one string, for "never contains" checks. */
  text(): string;
}

export function captureLogs(level = 'debug'): CapturedLogs {
  const lines: string[] = [];
  const logger = createLogger(level, { write: (line: string) => void lines.push(line) });
  return {
    logger,
    lines,
    records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
    text: () => lines.join(''),
  };
}
