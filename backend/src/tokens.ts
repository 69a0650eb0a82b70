/** Injection tokens for the ports and the configuration (explicit, as code runs without decorator metadata). */
export const CONFIG = Symbol('vigie.config');
export const STORAGE = Symbol('vigie.storage');
export const QUEUE = Symbol('vigie.queue');
