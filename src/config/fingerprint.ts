/**
 * SHA-256 of src/config/schema.ts. The cached, already-validated config is keyed on it, so a change to the
 * schema invalidates every cache; test/config/config.test.ts fails until this is updated after an edit.
 */
export const SCHEMA_FINGERPRINT = 'aee885998c7c0d106f1ee8f4d79990ede5aa9ad4445c39fc30165ce03704d5f7';
