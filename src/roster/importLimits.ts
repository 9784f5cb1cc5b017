import { loadConfig, parseByteSize, type Config } from '../config/loadConfig';

/** Bounds on what one roster file may hold, checked while it streams (see README, Rosters). */
export interface ImportLimits {
  /** Bytes an .xlsx may inflate to, all its parts read together (IMPORT_XLSX_MAX_INFLATED). */
  maxInflatedBytes: number;
  /** Largest inflated ÷ compressed ratio of an .xlsx part larger than 1 MiB (IMPORT_XLSX_MAX_RATIO). */
  maxRatio: number;
  /** Rows of a sheet, and its largest row number (IMPORT_MAX_ROWS). */
  maxRows: number;
  /** Columns of a sheet: the furthest cell's position (IMPORT_MAX_COLUMNS). */
  maxColumns: number;
  /** Characters in one cell (IMPORT_MAX_CELL_CHARS). */
  maxCellChars: number;
  /** Entries of an .xlsx shared-strings table (IMPORT_XLSX_MAX_SHARED_STRINGS). */
  maxSharedStrings: number;
  /** Characters of all shared strings together (IMPORT_XLSX_MAX_SHARED_CHARS). */
  maxSharedChars: number;
}

/** The environment variable of each limit, named in the messages of refused files. */
export const IMPORT_LIMIT_VARS: Record<keyof ImportLimits, string> = {
  maxInflatedBytes: 'IMPORT_XLSX_MAX_INFLATED',
  maxRatio: 'IMPORT_XLSX_MAX_RATIO',
  maxRows: 'IMPORT_MAX_ROWS',
  maxColumns: 'IMPORT_MAX_COLUMNS',
  maxCellChars: 'IMPORT_MAX_CELL_CHARS',
  maxSharedStrings: 'IMPORT_XLSX_MAX_SHARED_STRINGS',
  maxSharedChars: 'IMPORT_XLSX_MAX_SHARED_CHARS',
};

/** Returns the import limits of a validated configuration (every IMPORT_* variable has a default there). */
export function importLimitsOf(config: Config): ImportLimits {
  return {
    maxInflatedBytes: parseByteSize(config.IMPORT_XLSX_MAX_INFLATED),
    maxRatio: config.IMPORT_XLSX_MAX_RATIO,
    maxRows: config.IMPORT_MAX_ROWS,
    maxColumns: config.IMPORT_MAX_COLUMNS,
    maxCellChars: config.IMPORT_MAX_CELL_CHARS,
    maxSharedStrings: config.IMPORT_XLSX_MAX_SHARED_STRINGS,
    maxSharedChars: config.IMPORT_XLSX_MAX_SHARED_CHARS,
  };
}

/**
 * The defaults, from the configuration's schema (its single source): Excel's own bounds where it has
 * one (1,048,576 rows, 32,767 characters a cell), else far above what a roster holds.
 */
export const DEFAULT_IMPORT_LIMITS: ImportLimits = importLimitsOf(loadConfig({}));
