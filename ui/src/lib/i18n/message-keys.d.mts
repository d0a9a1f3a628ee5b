export function messageIds(ftl: string): string[];
export function messageKeysModule(ftl: string): string;
