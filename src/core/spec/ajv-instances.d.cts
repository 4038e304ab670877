// Types of ajv-instances.cjs.
import type { Ajv, Options } from 'ajv';

export type Dialect = '07' | '2019' | '2020';
export declare function dialectOf(schema: unknown): Dialect;
export declare function newAjv(dialect: Dialect, options: Options, formats?: boolean): Ajv;
