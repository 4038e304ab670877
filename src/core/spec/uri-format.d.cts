// Types of uri-format.cjs.
export declare function uri(text: string): boolean;
