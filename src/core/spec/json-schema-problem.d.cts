// Types of json-schema-problem.cjs.
declare function jsonSchemaProblem(value: unknown): { instancePath: string; message: string } | undefined;
export = jsonSchemaProblem;
