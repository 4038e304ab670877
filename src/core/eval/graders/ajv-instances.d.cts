// Types of ajv-instances.cjs.
import type { Ajv, Options } from 'ajv';

declare function newAjv(dialect: '07' | '2019' | '2020', options: Options, formats?: boolean): Ajv;
export = newAjv;
