/**
 * SHA-256 of src/config/schema.ts. The cached, already-validated config is keyed on it, so a change to the
 * schema invalidates every cache; test/config/config.test.ts fails until this is updated after an edit.
 */
export const SCHEMA_FINGERPRINT = '626528bb8b4ecbd1822435367df506f4623222d93fa5c5d15336349fa9be4f48';
